import type { Kysely } from "kysely";
import { columnTypes } from "../dialect";

// Migrations never import app code: they describe the schema as it was on this date.
// Column types come from ../dialect (the same on SQLite as before PostgreSQL; decision 014).

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await t
    .withAutoIncrementId(db.schema.createTable("doc_updates"), "id")
    .addColumn("doc_name", t.text, (c) => c.notNull())
    .addColumn("update", t.bytes, (c) => c.notNull())
    .addColumn("created_at", t.text, (c) => c.notNull().defaultTo(t.isoNow))
    .execute();
  await db.schema.createIndex("doc_updates_by_doc").on("doc_updates").columns(["doc_name", "id"]).execute();

  await db.schema
    .createTable("doc_states")
    .addColumn("doc_name", t.text, (c) => c.primaryKey())
    .addColumn("state", t.bytes, (c) => c.notNull())
    .addColumn("through_update_id", t.rowId, (c) => c.notNull())
    .addColumn("updated_at", t.text, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("doc_states").execute();
  await db.schema.dropTable("doc_updates").execute();
}
