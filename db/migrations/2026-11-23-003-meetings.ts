import { sql, type Kysely } from "kysely";

// Meetings (leergesprekken) of a pair, and the lead state the aios controls.
// The lead state lives here, not in the Y.Doc, so nobody can forge it by writing to the document.

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("meetings")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("pair_id", "text", (c) => c.notNull().references("pairs.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind in ('persoonsgericht', 'taakgericht', 'procesgericht', 'voortgang')`),
    )
    .addColumn("subkind", "text")
    .addColumn("title", "text")
    .addColumn("scheduled_at", "text", (c) => c.notNull())
    .addColumn("planned_minutes", "integer", (c) => c.notNull().defaultTo(45))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("gepland").check(sql`status in ('gepland', 'bezig', 'afgerond')`))
    .addColumn("started_at", "text")
    .addColumn("ended_at", "text")
    // Lead state: which agenda item is current, and its timer (running since, time already counted).
    .addColumn("current_item_id", "text")
    .addColumn("timer_item_id", "text")
    .addColumn("timer_running_since", "text")
    .addColumn("timer_elapsed_ms", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex("meetings_by_pair").on("meetings").columns(["pair_id", "scheduled_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("meetings").execute();
}
