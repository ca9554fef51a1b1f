import type { Kysely } from "kysely";
import type { Database, PasswordReset } from "./schema";

// One-time "Wachtwoord vergeten" links. Only the token's hash is stored; using one is a
// conditional update, so a link works once even when it is submitted twice at once.

export async function insertPasswordReset(
  db: Kysely<Database>,
  reset: Pick<PasswordReset, "token_hash" | "user_id" | "created_at" | "expires_at">,
): Promise<void> {
  await db.insertInto("password_resets").values({ ...reset, used_at: null }).execute();
}

/** The link behind a token hash while it can still be used (unused, not expired), or undefined. */
export async function findUsablePasswordReset(db: Kysely<Database>, tokenHash: string, now: Date): Promise<PasswordReset | undefined> {
  return db
    .selectFrom("password_resets")
    .selectAll()
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", now.toISOString())
    .executeTakeFirst();
}

/** Marks a usable link used and returns its user, or undefined when it was used, expired or unknown. */
export async function usePasswordReset(db: Kysely<Database>, tokenHash: string, now: Date): Promise<string | undefined> {
  const at = now.toISOString();
  const row = await db
    .updateTable("password_resets")
    .set({ used_at: at })
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", at)
    .returning("user_id")
    .executeTakeFirst();
  return row?.user_id;
}

/** Removes every other link of a user (after a reset, the older mails stop working). */
export async function deletePasswordResetsOfUser(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom("password_resets").where("user_id", "=", userId).where("used_at", "is", null).execute();
}
