import { sql, type Kysely } from "kysely";
import { columnTypes } from "../dialect";

// Accounts, sessions, pairs (koppels), their members and invites.
// Migrations never import app code: they describe the schema as it was on this date.

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("users")
    .addColumn("id", t.text, (c) => c.primaryKey())
    .addColumn("name", t.text, (c) => c.notNull())
    .addColumn("email", t.text, (c) => c.notNull().unique())
    .addColumn("password_hash", t.text, (c) => c.notNull())
    .addColumn("created_at", t.text, (c) => c.notNull().defaultTo(t.isoNow))
    .execute();

  await db.schema
    .createTable("sessions")
    // The cookie carries a random token; only its SHA-256 is stored, so a leaked database grants no session.
    .addColumn("token_hash", t.text, (c) => c.primaryKey())
    .addColumn("user_id", t.text, (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", t.text, (c) => c.notNull().defaultTo(t.isoNow))
    .addColumn("expires_at", t.text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_by_user").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("pairs")
    .addColumn("id", t.text, (c) => c.primaryKey())
    .addColumn("practice_name", t.text, (c) => c.notNull())
    .addColumn("training_year", "integer", (c) => c.notNull().check(sql`training_year in (1, 3)`))
    .addColumn("starts_on", t.text, (c) => c.notNull())
    .addColumn("ends_on", t.text, (c) => c.notNull())
    .addColumn("created_by", t.text, (c) => c.notNull().references("users.id"))
    .addColumn("created_at", t.text, (c) => c.notNull().defaultTo(t.isoNow))
    .execute();

  await db.schema
    .createTable("pair_members")
    .addColumn("pair_id", t.text, (c) => c.notNull().references("pairs.id").onDelete("cascade"))
    .addColumn("user_id", t.text, (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", t.text, (c) => c.notNull().check(sql`role in ('aios', 'opleider')`))
    .addColumn("joined_at", t.text, (c) => c.notNull().defaultTo(t.isoNow))
    // Exactly one opleider and one aios per pair, and nobody twice.
    .addPrimaryKeyConstraint("pair_members_pk", ["pair_id", "role"])
    .addUniqueConstraint("pair_members_once", ["pair_id", "user_id"])
    .execute();
  await db.schema.createIndex("pair_members_by_user").on("pair_members").column("user_id").execute();

  await db.schema
    .createTable("invites")
    .addColumn("token_hash", t.text, (c) => c.primaryKey())
    .addColumn("pair_id", t.text, (c) => c.notNull().references("pairs.id").onDelete("cascade"))
    .addColumn("role", t.text, (c) => c.notNull().check(sql`role in ('aios', 'opleider')`))
    .addColumn("created_by", t.text, (c) => c.notNull().references("users.id"))
    .addColumn("created_at", t.text, (c) => c.notNull().defaultTo(t.isoNow))
    .addColumn("expires_at", t.text, (c) => c.notNull())
    .addColumn("used_at", t.text)
    .addColumn("used_by", t.text, (c) => c.references("users.id"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["invites", "pair_members", "pairs", "sessions", "users"]) {
    await db.schema.dropTable(table).execute();
  }
}
