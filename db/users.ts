import type { Kysely } from "kysely";
import type { Database, NewUser, User } from "./schema";

/** Normalises an e-mail address the way it is stored: trimmed and lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Inserts a user; throws when the e-mail address is taken (unique constraint). */
export async function insertUser(db: Kysely<Database>, user: NewUser): Promise<void> {
  await db.insertInto("users").values({ ...user, email: normaliseEmail(user.email) }).execute();
}

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", normaliseEmail(email)).executeTakeFirst();
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function updatePasswordHash(db: Kysely<Database>, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable("users").set({ password_hash: passwordHash }).where("id", "=", userId).execute();
}

/** Sets (or, with null, clears) the hash of the user's calendar feed token. */
export async function setCalendarTokenHash(db: Kysely<Database>, userId: string, tokenHash: string | null): Promise<void> {
  await db.updateTable("users").set({ calendar_token_hash: tokenHash }).where("id", "=", userId).execute();
}

/** The user whose calendar feed token has this hash, or undefined. */
export async function findUserByCalendarTokenHash(db: Kysely<Database>, tokenHash: string): Promise<Pick<User, "id"> | undefined> {
  return db.selectFrom("users").select("id").where("calendar_token_hash", "=", tokenHash).executeTakeFirst();
}
