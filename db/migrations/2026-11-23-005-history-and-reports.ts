import { sql, type Kysely } from "kysely";
import { columnTypes } from "../dialect";

// History and reports (issue #6): full encoded states of a meeting's document, taken at
// set moments, so a meeting can be read back and restored as it was; and the report
// (verslag) workflow, frozen with its final content once the opleider confirms it.

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await t
    .withAutoIncrementId(db.schema.createTable("snapshots"), "id")
    .addColumn("meeting_id", t.text, (c) => c.notNull().references("meetings.id").onDelete("cascade"))
    .addColumn("doc_name", t.text, (c) => c.notNull())
    // Y.encodeStateAsUpdate of the live document: loads into a fresh Y.Doc on its own.
    .addColumn("state", t.bytes, (c) => c.notNull())
    .addColumn("taken_at", t.text, (c) => c.notNull().defaultTo(t.isoNow))
    .addColumn("reason", t.text, (c) =>
      c.notNull().check(sql`reason in ('interval', 'lastLeft', 'meetingEnded', 'manual', 'beforeRestore')`),
    )
    .addColumn("label", t.text)
    .addColumn("taken_by", t.text, (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema.createIndex("snapshots_by_meeting").on("snapshots").columns(["meeting_id", "id"]).execute();

  await db.schema
    .createTable("reports")
    .addColumn("meeting_id", t.text, (c) => c.primaryKey().references("meetings.id").onDelete("cascade"))
    .addColumn("status", t.text, (c) =>
      c.notNull().defaultTo("concept").check(sql`status in ('concept', 'ingediend', 'teruggestuurd', 'bevestigd')`),
    )
    .addColumn("submitted_at", t.text)
    .addColumn("submitted_by", t.text, (c) => c.references("users.id").onDelete("set null"))
    .addColumn("returned_at", t.text)
    .addColumn("returned_by", t.text, (c) => c.references("users.id").onDelete("set null"))
    .addColumn("return_comment", t.text)
    .addColumn("confirmed_at", t.text)
    .addColumn("confirmed_by", t.text, (c) => c.references("users.id").onDelete("set null"))
    // Set once, at confirmation: what both agreed on, kept even if accounts change later.
    .addColumn("frozen_markdown", t.text)
    .addColumn("frozen_content", t.text)
    .addColumn("aios_name", t.text)
    .addColumn("opleider_name", t.text)
    .addColumn("created_at", t.text, (c) => c.notNull().defaultTo(t.isoNow))
    .addColumn("updated_at", t.text, (c) => c.notNull().defaultTo(t.isoNow))
    .execute();
  await db.schema.createIndex("reports_by_status").on("reports").columns(["status"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("reports").execute();
  await db.schema.dropTable("snapshots").execute();
}
