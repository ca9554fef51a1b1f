import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { recordDocumentOpen } from "../../../app/audit/audit.server";
import type { CollabExtension } from "../extension";

/**
 * "Geopend door" (issue #19): a connection that got through every check and is open on its
 * document counts as an open of that meeting, by the account authentication found. Nothing of
 * the content is recorded; opens are coalesced per member and 10 minutes in the audit log.
 * The write runs beside the connection (a failed one is logged by recordDocumentOpen), so
 * the greeting never waits for it.
 */
export function documentAudit(db: Kysely<Database>): CollabExtension {
  return {
    name: "document-audit",
    connected(connection) {
      if (connection.document) void recordDocumentOpen(db, connection.document.name, connection.identity.userId);
    },
  };
}
