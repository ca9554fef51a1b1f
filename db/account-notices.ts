import type { Kysely } from "kysely";
import type { AccountNotice, AccountNoticeKind, Database } from "./schema";

/**
 * Records that something the owner should hear about happened to their account: a repeat
 * while an earlier one is still unseen raises its count instead of adding a row.
 */
export async function recordAccountNotice(
  db: Kysely<Database>,
  notice: { id: string; userId: string; kind: AccountNoticeKind; at: string },
): Promise<void> {
  const raised = await db
    .updateTable("account_notices")
    .set((eb) => ({ count: eb("count", "+", 1), last_at: notice.at }))
    .where("user_id", "=", notice.userId)
    .where("kind", "=", notice.kind)
    .where("seen_at", "is", null)
    .executeTakeFirst();
  if (Number(raised.numUpdatedRows) > 0) return;
  await db
    .insertInto("account_notices")
    .values({ id: notice.id, user_id: notice.userId, kind: notice.kind, first_at: notice.at, last_at: notice.at, seen_at: null })
    .execute();
}

/** The notices the owner has not seen yet, oldest first. */
export async function listUnseenAccountNotices(db: Kysely<Database>, userId: string): Promise<AccountNotice[]> {
  return db.selectFrom("account_notices").selectAll().where("user_id", "=", userId).where("seen_at", "is", null).orderBy("first_at", "asc").execute();
}

/** Marks every unseen notice of the owner as seen. */
export async function markAccountNoticesSeen(db: Kysely<Database>, userId: string, at: string): Promise<void> {
  await db.updateTable("account_notices").set({ seen_at: at }).where("user_id", "=", userId).where("seen_at", "is", null).execute();
}
