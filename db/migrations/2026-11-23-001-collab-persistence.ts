import { sql, type Kysely } from "kysely";

// Migrations never import app code: they describe the schema as it was on this date.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("doc_updates")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("doc_name", "text", (c) => c.notNull())
    .addColumn("update", "blob", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`))
    .execute();
  await db.schema.createIndex("doc_updates_by_doc").on("doc_updates").columns(["doc_name", "id"]).execute();

  await db.schema
    .createTable("doc_states")
    .addColumn("doc_name", "text", (c) => c.primaryKey())
    .addColumn("state", "blob", (c) => c.notNull())
    .addColumn("through_update_id", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("doc_states").execute();
  await db.schema.dropTable("doc_updates").execute();
}
