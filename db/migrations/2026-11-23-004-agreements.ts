import { sql, type Kysely } from "kysely";
import { columnTypes } from "../dialect";

// The agreements table: kept in step with the `agreements` field of every meeting's
// document (the document is the source of truth; this is what dashboards and reviews query).
// Also the pair's norm settings and each user's calendar feed token.

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("agreements")
    // The node id is unique within its meeting's document; copies across meetings may share one.
    .addColumn("meeting_id", t.text, (c) => c.notNull().references("meetings.id").onDelete("cascade"))
    .addColumn("id", t.text, (c) => c.notNull())
    .addColumn("pair_id", t.text, (c) => c.notNull().references("pairs.id").onDelete("cascade"))
    .addColumn("text", t.text, (c) => c.notNull())
    .addColumn("owner", t.text, (c) => c.notNull().check(sql`owner in ('aios', 'opleider', 'samen')`))
    .addColumn("follow_up_date", t.text)
    .addColumn("status", t.text, (c) => c.notNull().check(sql`status in ('open', 'afgerond', 'vervallen')`))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", t.text, (c) => c.notNull().defaultTo(t.isoNow))
    .addColumn("updated_at", t.text, (c) => c.notNull().defaultTo(t.isoNow))
    // Set when the agreement disappeared from the document: marked, not forgotten.
    .addColumn("removed_at", t.text)
    .addPrimaryKeyConstraint("agreements_pk", ["meeting_id", "id"])
    .execute();
  await db.schema.createIndex("agreements_open_by_pair").on("agreements").columns(["pair_id", "status", "follow_up_date"]).execute();

  await db.schema.alterTable("pairs").addColumn("norm_settings", t.text).execute();
  await db.schema.alterTable("users").addColumn("calendar_token_hash", t.text).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("agreements").execute();
}
