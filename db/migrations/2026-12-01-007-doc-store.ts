import type { Kysely } from "kysely";
import { columnTypes } from "../dialect";

// The collaboration core's storage (issue #14, #13.4):
// - doc_states.version: each compaction bumps it, so a compaction that did not start from
//   the stored state (a second writer compacted meanwhile) merges instead of overwriting.
// - doc_client_owners: which account first wrote (or showed presence) under a Yjs client id
//   in a document. Only that account may write under it afterwards, also while its owner is
//   offline and after a restart; so the table, not memory.

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable("doc_states").addColumn("version", "integer", (c) => c.notNull().defaultTo(1)).execute();
  await db.schema
    .createTable("doc_client_owners")
    .addColumn("doc_name", t.text, (c) => c.notNull())
    .addColumn("client_id", "bigint", (c) => c.notNull())
    // Erasing an account frees its ids: nobody else's text is written under them.
    .addColumn("user_id", t.text, (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("first_seen_at", t.text, (c) => c.notNull().defaultTo(t.isoNow))
    .addPrimaryKeyConstraint("doc_client_owners_pk", ["doc_name", "client_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("doc_client_owners").execute();
  await db.schema.alterTable("doc_states").dropColumn("version").execute();
}
