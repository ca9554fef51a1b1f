import type { Kysely } from "kysely";
import { columnTypes } from "../dialect";

// "Versie opslaan" at most once a minute per meeting (issue #13.5): the time of a meeting's
// last manual version, claimed with one conditional upsert so two requests at once (or two
// server instances) cannot both save. Portable SQL: plain text timestamps, no functions.

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("version_saves")
    .addColumn("meeting_id", t.text, (c) => c.primaryKey().references("meetings.id").onDelete("cascade"))
    // ISO-8601 instant of the last manual version (compares as text).
    .addColumn("saved_at", t.text, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("version_saves").execute();
}
