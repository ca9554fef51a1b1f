import { sql, type Kysely } from "kysely";
import { columnTypes } from "../dialect";

// Meetings (leergesprekken) of a pair, and the lead state the aios controls.
// The lead state lives here, not in the Y.Doc, so nobody can forge it by writing to the document.

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("meetings")
    .addColumn("id", t.text, (c) => c.primaryKey())
    .addColumn("pair_id", t.text, (c) => c.notNull().references("pairs.id").onDelete("cascade"))
    .addColumn("kind", t.text, (c) =>
      c.notNull().check(sql`kind in ('persoonsgericht', 'taakgericht', 'procesgericht', 'voortgang')`),
    )
    .addColumn("subkind", t.text)
    .addColumn("title", t.text)
    .addColumn("scheduled_at", t.text, (c) => c.notNull())
    .addColumn("planned_minutes", "integer", (c) => c.notNull().defaultTo(45))
    .addColumn("status", t.text, (c) => c.notNull().defaultTo("gepland").check(sql`status in ('gepland', 'bezig', 'afgerond')`))
    .addColumn("started_at", t.text)
    .addColumn("ended_at", t.text)
    // Lead state: which agenda item is current, and its timer (running since, time already counted).
    .addColumn("current_item_id", t.text)
    .addColumn("timer_item_id", t.text)
    .addColumn("timer_running_since", t.text)
    .addColumn("timer_elapsed_ms", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", t.text, (c) => c.notNull().references("users.id"))
    .addColumn("created_at", t.text, (c) => c.notNull().defaultTo(t.isoNow))
    .execute();
  await db.schema.createIndex("meetings_by_pair").on("meetings").columns(["pair_id", "scheduled_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("meetings").execute();
}
