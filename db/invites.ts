import type { Kysely } from "kysely";
import type { Database, Invite } from "./schema";

export async function insertInvite(
  db: Kysely<Database>,
  invite: Pick<Invite, "token_hash" | "pair_id" | "role" | "created_by" | "expires_at">,
): Promise<void> {
  await db.insertInto("invites").values(invite).execute();
}

export async function findInvite(db: Kysely<Database>, tokenHash: string): Promise<Invite | undefined> {
  return db.selectFrom("invites").selectAll().where("token_hash", "=", tokenHash).executeTakeFirst();
}

/**
 * Marks the invite used and adds the user to the pair with the invite's role, in one
 * transaction. Returns false when the invite was used meanwhile; the primary key on
 * (pair, role) refuses a third member even if two invites race.
 */
export async function redeemInvite(db: Kysely<Database>, tokenHash: string, userId: string, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const marked = await trx
      .updateTable("invites")
      .set({ used_at: now.toISOString(), used_by: userId })
      .where("token_hash", "=", tokenHash)
      .where("used_at", "is", null)
      .returning(["pair_id", "role"])
      .executeTakeFirst();
    if (!marked) return false;
    await trx.insertInto("pair_members").values({ pair_id: marked.pair_id, user_id: userId, role: marked.role }).execute();
    return true;
  });
}
