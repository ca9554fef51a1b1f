import type { Kysely } from "kysely";
import type { Database, User } from "./schema";

export async function insertSession(
  db: Kysely<Database>,
  session: { token_hash: string; user_id: string; expires_at: string },
): Promise<void> {
  await db.insertInto("sessions").values(session).execute();
}

/** The user of an unexpired session, or undefined. */
export async function findSessionUser(
  db: Kysely<Database>,
  tokenHash: string,
  now: Date = new Date(),
): Promise<Pick<User, "id" | "name" | "email"> | undefined> {
  return db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["users.id", "users.name", "users.email"])
    .where("sessions.token_hash", "=", tokenHash)
    .where("sessions.expires_at", ">", now.toISOString())
    .executeTakeFirst();
}

export async function deleteSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom("sessions").where("token_hash", "=", tokenHash).execute();
}

/** "Log out everywhere": removes every session of a user (optionally keeping one). */
export async function deleteSessionsOfUser(db: Kysely<Database>, userId: string, keepTokenHash?: string): Promise<void> {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (keepTokenHash) query = query.where("token_hash", "!=", keepTokenHash);
  await query.execute();
}

/** Of these session token hashes, the ones that still belong to an unexpired session. */
export async function findLiveSessionHashes(db: Kysely<Database>, tokenHashes: readonly string[], now: Date = new Date()): Promise<Set<string>> {
  const live = new Set<string>();
  // In slices: a query has a bounded number of parameters.
  for (let i = 0; i < tokenHashes.length; i += 500) {
    const rows = await db
      .selectFrom("sessions")
      .select("token_hash")
      .where("token_hash", "in", tokenHashes.slice(i, i + 500))
      .where("expires_at", ">", now.toISOString())
      .execute();
    for (const row of rows) live.add(row.token_hash);
  }
  return live;
}
