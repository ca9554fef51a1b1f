import { SqliteAdapter, sql, type Kysely } from "kysely";
import { columnTypes } from "../dialect";

// Your data (issue #19):
// - audit_log: who opened which meeting's documents, through which channel, coalesced per
//   (meeting, member, channel, 10-minute window). No content: ids, a channel and times.
// - agreement_changes: the history of each agreement's status, follow-up date and owner,
//   recorded by triggers on the agreements table (whichever code writes it: the indexer, a
//   review, a restore). There was no such history before: it starts with this migration.
// - the erased account: one row in users that stands in for every erased person where a
//   shared record must keep an author (pair_members, meetings.created_by, snapshots,
//   reports, the audit log). It has no password and no address, so nobody can log in as it.
// Timestamps are ISO-8601 text written by the app (the triggers copy the row's updated_at).

/** Kept in step with db/erased-account.ts (migrations never import app or repository code). */
const ERASED_ACCOUNT = { id: "erased-account", name: "verwijderd account", email: "(verwijderd account)", password_hash: "!" };

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("audit_log")
    .addColumn("meeting_id", t.text, (c) => c.notNull().references("meetings.id").onDelete("cascade"))
    .addColumn("user_id", t.text, (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("channel", t.text, (c) =>
      c.notNull().check(sql`channel in ('page', 'print', 'markdown', 'pdf', 'history', 'export', 'yjs', 'live')`),
    )
    // Start of the 10-minute window (ISO): one row per member, channel and window.
    .addColumn("window_start", t.text, (c) => c.notNull())
    .addColumn("first_at", t.text, (c) => c.notNull())
    .addColumn("last_at", t.text, (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint("audit_log_pk", ["meeting_id", "user_id", "channel", "window_start"])
    .execute();
  await db.schema.createIndex("audit_log_by_meeting").on("audit_log").columns(["meeting_id", "window_start"]).execute();
  await db.schema.createIndex("audit_log_by_user").on("audit_log").columns(["user_id"]).execute();

  await db.schema
    .createTable("agreement_changes")
    .addColumn("id", t.rowId, (c) => (t.dialect === "postgres" ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
    .addColumn("meeting_id", t.text, (c) => c.notNull().references("meetings.id").onDelete("cascade"))
    .addColumn("agreement_id", t.text, (c) => c.notNull())
    .addColumn("pair_id", t.text, (c) => c.notNull().references("pairs.id").onDelete("cascade"))
    .addColumn("changed_at", t.text, (c) => c.notNull())
    .addColumn("change", t.text, (c) => c.notNull().check(sql`change in ('added', 'status', 'followUpDate', 'owner', 'removed', 'restored')`))
    .addColumn("old_value", t.text)
    .addColumn("new_value", t.text)
    .execute();
  await db.schema.createIndex("agreement_changes_by_pair").on("agreement_changes").columns(["pair_id", "changed_at"]).execute();

  const insertChange = (change: string, oldValue: string, newValue: string) =>
    `insert into agreement_changes (meeting_id, agreement_id, pair_id, changed_at, change, old_value, new_value)
     values (new.meeting_id, new.id, new.pair_id, new.updated_at, '${change}', ${oldValue}, ${newValue})`;
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    const triggers: Array<[name: string, event: string, when: string, body: string]> = [
      ["agreement_added", "after insert on agreements", "", insertChange("added", "null", "new.status")],
      ["agreement_status_changed", "after update of status on agreements", "when old.status is not new.status", insertChange("status", "old.status", "new.status")],
      [
        "agreement_follow_up_changed",
        "after update of follow_up_date on agreements",
        "when old.follow_up_date is not new.follow_up_date",
        insertChange("followUpDate", "old.follow_up_date", "new.follow_up_date"),
      ],
      ["agreement_owner_changed", "after update of owner on agreements", "when old.owner is not new.owner", insertChange("owner", "old.owner", "new.owner")],
      ["agreement_removed", "after update of removed_at on agreements", "when old.removed_at is null and new.removed_at is not null", insertChange("removed", "null", "null")],
      ["agreement_restored", "after update of removed_at on agreements", "when old.removed_at is not null and new.removed_at is null", insertChange("restored", "null", "null")],
    ];
    for (const [name, event, when, body] of triggers) {
      await sql.raw(`create trigger ${name} ${event} for each row ${when} begin ${body}; end`).execute(db);
    }
  } else {
    // PostgreSQL: one trigger function with the same rows (not yet run by the test suite).
    await sql
      .raw(
        `create function record_agreement_change() returns trigger as $$
         begin
           if tg_op = 'INSERT' then ${insertChange("added", "null", "new.status")};
           else
             if old.status is distinct from new.status then ${insertChange("status", "old.status", "new.status")}; end if;
             if old.follow_up_date is distinct from new.follow_up_date then ${insertChange("followUpDate", "old.follow_up_date", "new.follow_up_date")}; end if;
             if old.owner is distinct from new.owner then ${insertChange("owner", "old.owner", "new.owner")}; end if;
             if old.removed_at is null and new.removed_at is not null then ${insertChange("removed", "null", "null")}; end if;
             if old.removed_at is not null and new.removed_at is null then ${insertChange("restored", "null", "null")}; end if;
           end if;
           return new;
         end $$ language plpgsql`,
      )
      .execute(db);
    await sql.raw("create trigger agreement_changed after insert or update on agreements for each row execute function record_agreement_change()").execute(db);
  }

  await db
    .insertInto("users")
    .values({ ...ERASED_ACCOUNT, created_at: "2026-12-01T00:00:00.000Z" })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom("users").where("id", "=", ERASED_ACCOUNT.id).execute();
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    for (const name of ["agreement_added", "agreement_status_changed", "agreement_follow_up_changed", "agreement_owner_changed", "agreement_removed", "agreement_restored"]) {
      await sql.raw(`drop trigger if exists ${name}`).execute(db);
    }
  } else {
    await sql.raw("drop trigger if exists agreement_changed on agreements").execute(db);
    await sql.raw("drop function if exists record_agreement_change()").execute(db);
  }
  await db.schema.dropTable("agreement_changes").execute();
  await db.schema.dropTable("audit_log").execute();
}
