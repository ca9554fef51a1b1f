import { sql, type Kysely } from "kysely";

// History and reports (issue #6): full encoded states of a meeting's document, taken at
// set moments, so a meeting can be read back and restored as it was; and the report
// (verslag) workflow, frozen with its final content once the opleider confirms it.

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("snapshots")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("meeting_id", "text", (c) => c.notNull().references("meetings.id").onDelete("cascade"))
    .addColumn("doc_name", "text", (c) => c.notNull())
    // Y.encodeStateAsUpdate of the live document: loads into a fresh Y.Doc on its own.
    .addColumn("state", "blob", (c) => c.notNull())
    .addColumn("taken_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("reason", "text", (c) =>
      c.notNull().check(sql`reason in ('interval', 'lastLeft', 'meetingEnded', 'manual', 'beforeRestore')`),
    )
    .addColumn("label", "text")
    .addColumn("taken_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema.createIndex("snapshots_by_meeting").on("snapshots").columns(["meeting_id", "id"]).execute();

  await db.schema
    .createTable("reports")
    .addColumn("meeting_id", "text", (c) => c.primaryKey().references("meetings.id").onDelete("cascade"))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("concept").check(sql`status in ('concept', 'ingediend', 'teruggestuurd', 'bevestigd')`),
    )
    .addColumn("submitted_at", "text")
    .addColumn("submitted_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("returned_at", "text")
    .addColumn("returned_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("return_comment", "text")
    .addColumn("confirmed_at", "text")
    .addColumn("confirmed_by", "text", (c) => c.references("users.id").onDelete("set null"))
    // Set once, at confirmation: what both agreed on, kept even if accounts change later.
    .addColumn("frozen_markdown", "text")
    .addColumn("frozen_content", "text")
    .addColumn("aios_name", "text")
    .addColumn("opleider_name", "text")
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex("reports_by_status").on("reports").columns(["status"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("reports").execute();
  await db.schema.dropTable("snapshots").execute();
}
