import { sql, SqliteAdapter, type Kysely } from "kysely";
import { columnTypes } from "../dialect";

// Issue #17: the aios's learning goals (IOP) with their history and the opleider's suggestions,
// feedback on consult recordings (MAAS-Globaal) per meeting with every saved revision (versions
// show a form as it was), the learning goal an agreement is linked to, and meetings.kind without
// its fixed list (the kind registry in the app checks it: a new kind needs no migration).
// Timestamps are ISO-8601 text written by the repositories; JSON is stored as text.

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("learning_goals")
    .addColumn("id", t.text, (c) => c.primaryKey())
    .addColumn("pair_id", t.text, (c) => c.notNull().references("pairs.id").onDelete("cascade"))
    .addColumn("what", t.text, (c) => c.notNull())
    .addColumn("why", t.text, (c) => c.notNull().defaultTo(""))
    .addColumn("how", t.text, (c) => c.notNull().defaultTo(""))
    .addColumn("evidence", t.text, (c) => c.notNull().defaultTo(""))
    .addColumn("evaluate_on", t.text, (c) => c.notNull())
    .addColumn("competency", t.text)
    .addColumn("status", t.text, (c) => c.notNull().check(sql`status in ('actief', 'behaald', 'bijgesteld', 'gestopt')`))
    // Every change of text or status raises it: a change made from an older copy of the goal is refused, not lost.
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", t.text, (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", t.text, (c) => c.notNull())
    .addColumn("updated_at", t.text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("learning_goals_by_pair").on("learning_goals").columns(["pair_id", "status", "evaluate_on"]).execute();

  await db.schema
    .createTable("learning_goal_events")
    .addColumn("id", t.text, (c) => c.primaryKey())
    .addColumn("goal_id", t.text, (c) => c.notNull().references("learning_goals.id").onDelete("cascade"))
    .addColumn("kind", t.text, (c) => c.notNull().check(sql`kind in ('created', 'edited', 'status', 'comment')`))
    .addColumn("from_status", t.text)
    .addColumn("to_status", t.text)
    // The note with a status change, or the comment.
    .addColumn("text", t.text)
    // Where a new goal came from: a suggestion of the opleider, or a leerpunt of consult feedback.
    .addColumn("source", t.text)
    .addColumn("by_user", t.text, (c) => c.references("users.id").onDelete("set null"))
    .addColumn("by_role", t.text, (c) => c.notNull().check(sql`by_role in ('aios', 'opleider')`))
    .addColumn("at", t.text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("learning_goal_events_by_goal").on("learning_goal_events").columns(["goal_id", "at"]).execute();

  await db.schema
    .createTable("learning_goal_suggestions")
    .addColumn("id", t.text, (c) => c.primaryKey())
    .addColumn("pair_id", t.text, (c) => c.notNull().references("pairs.id").onDelete("cascade"))
    .addColumn("what", t.text, (c) => c.notNull())
    .addColumn("why", t.text, (c) => c.notNull().defaultTo(""))
    .addColumn("suggested_by", t.text, (c) => c.references("users.id").onDelete("set null"))
    .addColumn("suggested_at", t.text, (c) => c.notNull())
    .addColumn("status", t.text, (c) => c.notNull().check(sql`status in ('open', 'accepted', 'declined')`))
    .addColumn("decided_by", t.text, (c) => c.references("users.id").onDelete("set null"))
    .addColumn("decided_at", t.text)
    .addColumn("decline_note", t.text)
    .addColumn("goal_id", t.text, (c) => c.references("learning_goals.id").onDelete("set null"))
    .execute();
  await db.schema.createIndex("learning_goal_suggestions_by_pair").on("learning_goal_suggestions").columns(["pair_id", "status"]).execute();

  await db.schema
    .createTable("consult_feedback")
    .addColumn("id", t.text, (c) => c.primaryKey())
    .addColumn("meeting_id", t.text, (c) => c.notNull().references("meetings.id").onDelete("cascade"))
    .addColumn("pair_id", t.text, (c) => c.notNull().references("pairs.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    // The form as JSON (app/consult-feedback/feedback-content.ts).
    .addColumn("content", t.text, (c) => c.notNull())
    // Raised by every save (compare-and-set): two saves at once never overwrite each other's part.
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(0))
    // When it first held feedback of the opleider: what the weekly norm counts when the meeting never started.
    .addColumn("feedback_given_at", t.text)
    .addColumn("created_by", t.text, (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", t.text, (c) => c.notNull())
    .addColumn("updated_at", t.text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("consult_feedback_by_meeting").on("consult_feedback").columns(["meeting_id", "position"]).execute();
  await db.schema.createIndex("consult_feedback_by_pair").on("consult_feedback").columns(["pair_id"]).execute();

  await db.schema
    .createTable("consult_feedback_revisions")
    .addColumn("feedback_id", t.text, (c) => c.notNull().references("consult_feedback.id").onDelete("cascade"))
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("meeting_id", t.text, (c) => c.notNull())
    .addColumn("content", t.text, (c) => c.notNull())
    .addColumn("saved_by", t.text, (c) => c.references("users.id").onDelete("set null"))
    .addColumn("saved_at", t.text, (c) => c.notNull())
    .addPrimaryKeyConstraint("consult_feedback_revisions_pk", ["feedback_id", "revision"])
    .execute();
  await db.schema.createIndex("consult_feedback_revisions_by_meeting").on("consult_feedback_revisions").columns(["meeting_id", "saved_at"]).execute();

  // The learning goal an agreement works towards, as the agreements indexer reads it from the document.
  await db.schema.alterTable("agreements").addColumn("goal_id", t.text).execute();
  await db.schema.createIndex("agreements_by_goal").on("agreements").columns(["goal_id"]).execute();

  await dropKindCheck(db);
}

/**
 * Removes the fixed list of kinds from meetings.kind. PostgreSQL drops the constraint; SQLite
 * cannot, so the table is rebuilt from its own stored definition (whatever columns other
 * migrations added), with foreign keys off so that dropping the old table deletes nothing that
 * refers to it, and checked afterwards (SQLite's "other kinds of table schema changes").
 */
async function dropKindCheck(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    await sql`alter table meetings drop constraint if exists meetings_kind_check`.execute(db);
    return;
  }
  const table = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'meetings'`.execute(db);
  const definition = table.rows[0]?.sql;
  const kindCheck = /\s+check\s*\(\s*"?kind"?\s+in\s*\([^)]*\)\s*\)/i;
  if (!definition || !kindCheck.test(definition)) return;
  const rebuilt = definition.replace(kindCheck, "").replace(/^create table\s+"?meetings"?/i, 'create table "meetings_rebuilt"');
  const indexes = await sql<{ sql: string }>`select sql from sqlite_master where type = 'index' and tbl_name = 'meetings' and sql is not null`.execute(db);

  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin`.execute(db);
    try {
      await sql.raw(rebuilt).execute(db);
      await sql`insert into meetings_rebuilt select * from meetings`.execute(db);
      await sql`drop table meetings`.execute(db);
      await sql`alter table meetings_rebuilt rename to meetings`.execute(db);
      for (const index of indexes.rows) await sql.raw(index.sql).execute(db);
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error(`rebuilding meetings broke ${broken.rows.length} foreign keys`);
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("agreements_by_goal").execute();
  await db.schema.alterTable("agreements").dropColumn("goal_id").execute();
  await db.schema.dropTable("consult_feedback_revisions").execute();
  await db.schema.dropTable("consult_feedback").execute();
  await db.schema.dropTable("learning_goal_suggestions").execute();
  await db.schema.dropTable("learning_goal_events").execute();
  await db.schema.dropTable("learning_goals").execute();
}
