import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { documentAccess } from "../../../app/auth/access.server";
import { identityOf } from "../../../app/live/identity";
import type { CollabExtension } from "../extension";

/** What session-access needs: the database and the session behind a Cookie header. */
export interface SessionAccessDeps {
  db: Kysely<Database>;
  sessionFrom(cookieHeader: string | undefined): Promise<{ user: { id: string; name: string }; sessionKey: string } | null>;
}

/**
 * Who may open a document: the session cookie says who is asking (none or ended → 401),
 * `documentAccess` says whether they may (unknown → 404, another pair's or someone else's
 * private notes → 403). Decided before the upgrade completes; the connection then carries
 * the server-known identity (name, colour, role).
 */
export function sessionAccess(deps: SessionAccessDeps): CollabExtension {
  return {
    name: "session-access",
    async onAuthenticate({ request, docName }) {
      const session = await deps.sessionFrom(request.headers.cookie);
      if (!session) return { ok: false, status: 401 };
      const access = await documentAccess(deps.db, session.user.id, docName);
      if (!access.ok) return { ok: false, status: access.status };
      return { ok: true, identity: identityOf(session.user, access.role), sessionKey: session.sessionKey };
    },
  };
}
