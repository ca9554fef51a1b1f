import { sql, type Kysely } from "kysely";
import { columnTypes } from "../dialect";

// Issue #13 (hardening). Portable SQL only (PostgreSQL is next): timestamps are ISO-8601
// text written by the app, not database defaults.
// - trusted_devices: a browser that logged into an account before (its device cookie) is not
//   held back by that account's failed-login limit, so a stranger cannot lock the owner out.
// - account_notices: what the owner is told at their next login (someone tried to sign up
//   with their address).
// - meetings.lead_version: every lead command is a compare-and-set on it, so commands are
//   ordered by the database rather than by a queue in one process's memory.

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("trusted_devices")
    // The cookie carries a random token; only its SHA-256 is stored.
    .addColumn("token_hash", t.text, (c) => c.notNull())
    .addColumn("user_id", t.text, (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", t.text, (c) => c.notNull())
    .addColumn("last_login_at", t.text, (c) => c.notNull())
    .addPrimaryKeyConstraint("trusted_devices_pk", ["token_hash", "user_id"])
    .execute();
  await db.schema.createIndex("trusted_devices_by_user").on("trusted_devices").columns(["user_id", "last_login_at"]).execute();

  await db.schema
    .createTable("account_notices")
    .addColumn("id", t.text, (c) => c.primaryKey())
    .addColumn("user_id", t.text, (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", t.text, (c) => c.notNull().check(sql`kind in ('signUpAttempt')`))
    .addColumn("first_at", t.text, (c) => c.notNull())
    .addColumn("last_at", t.text, (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("seen_at", t.text)
    .execute();
  await db.schema.createIndex("account_notices_by_user").on("account_notices").columns(["user_id", "seen_at"]).execute();

  await db.schema.alterTable("meetings").addColumn("lead_version", "integer", (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("meetings").dropColumn("lead_version").execute();
  await db.schema.dropTable("account_notices").execute();
  await db.schema.dropTable("trusted_devices").execute();
}
