import type { Kysely } from "kysely";

// Every calendar app fetches the feed by its token: look the hash up by index, not by scan.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("users_by_calendar_token").unique().on("users").column("calendar_token_hash").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("users_by_calendar_token").execute();
}
