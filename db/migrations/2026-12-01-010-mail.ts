import { sql, type Kysely } from "kysely";
import { columnTypes } from "../dialect";

// E-mail (issue #18): a durable queue of mail jobs (claimed with a conditional update, so
// two instances never send one twice), per-address switch-offs of each kind of mail,
// one-time password reset links, and each user's language and time zone for their mails.
// Timestamps are written by the repositories (ISO-8601 text), so nothing here is SQLite-only.

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  // The language the user last chose while logged in (null: never chose; mails are Dutch).
  await db.schema.alterTable("users").addColumn("language", t.text).execute();
  // The zone reminders are computed in ("the day before", "Monday morning").
  await db.schema
    .alterTable("users")
    .addColumn("time_zone", t.text, (c) => c.notNull().defaultTo("Europe/Amsterdam"))
    .execute();

  await db.schema
    .createTable("mail_jobs")
    .addColumn("id", t.text, (c) => c.primaryKey())
    .addColumn("kind", t.text, (c) => c.notNull())
    // Set by the scheduler, e.g. "meetingReminder:<meeting>:<user>:<date>": a second insert
    // (a restart, another instance) finds it taken and adds nothing.
    .addColumn("unique_key", t.text, (c) => c.unique())
    .addColumn("user_id", t.text, (c) => c.references("users.id").onDelete("cascade"))
    .addColumn("to_address", t.text, (c) => c.notNull())
    .addColumn("payload", t.text, (c) => c.notNull())
    .addColumn("status", t.text, (c) =>
      c.notNull().check(sql`status in ('queued', 'running', 'sent', 'skipped', 'dead')`),
    )
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("max_attempts", "integer", (c) => c.notNull())
    .addColumn("run_at", t.text, (c) => c.notNull())
    // While running: which instance holds it and until when (after that another may take it over).
    .addColumn("claimed_by", t.text)
    .addColumn("lease_until", t.text)
    .addColumn("last_error", t.text)
    // Why it was skipped, or the SMTP server's answer when sent.
    .addColumn("result", t.text)
    .addColumn("created_at", t.text, (c) => c.notNull())
    .addColumn("updated_at", t.text, (c) => c.notNull())
    .addColumn("finished_at", t.text)
    .execute();
  await db.schema.createIndex("mail_jobs_due").on("mail_jobs").columns(["status", "run_at"]).execute();
  await db.schema.createIndex("mail_jobs_by_address").on("mail_jobs").columns(["to_address", "kind", "created_at"]).execute();
  await db.schema.createIndex("mail_jobs_by_time").on("mail_jobs").columns(["created_at"]).execute();

  await db.schema
    .createTable("mail_opt_outs")
    .addColumn("address", t.text, (c) => c.notNull())
    .addColumn("kind", t.text, (c) => c.notNull())
    .addColumn("created_at", t.text, (c) => c.notNull())
    .addPrimaryKeyConstraint("mail_opt_outs_pk", ["address", "kind"])
    .execute();

  await db.schema
    .createTable("password_resets")
    .addColumn("token_hash", t.text, (c) => c.primaryKey())
    .addColumn("user_id", t.text, (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", t.text, (c) => c.notNull())
    .addColumn("expires_at", t.text, (c) => c.notNull())
    .addColumn("used_at", t.text)
    .execute();
  await db.schema.createIndex("password_resets_by_user").on("password_resets").columns(["user_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("password_resets").execute();
  await db.schema.dropTable("mail_opt_outs").execute();
  await db.schema.dropTable("mail_jobs").execute();
  await db.schema.alterTable("users").dropColumn("time_zone").execute();
  await db.schema.alterTable("users").dropColumn("language").execute();
}
