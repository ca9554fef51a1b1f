import type { Kysely } from "kysely";
import type { Database } from "./schema";

/** How many browsers an account keeps as trusted; the least recently used beyond this are forgotten. */
const DEVICES_PER_USER = 20;

/** Whether the browser with this device token hash has logged into the account before. */
export async function isTrustedDevice(db: Kysely<Database>, tokenHash: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom("trusted_devices").select("user_id").where("token_hash", "=", tokenHash).where("user_id", "=", userId).executeTakeFirst();
  return row !== undefined;
}

/** Records a successful login of the account from this browser (inserts or refreshes it), keeping the newest few per account. */
export async function recordTrustedDevice(db: Kysely<Database>, tokenHash: string, userId: string, at: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("trusted_devices")
      .values({ token_hash: tokenHash, user_id: userId, created_at: at, last_login_at: at })
      .onConflict((oc) => oc.columns(["token_hash", "user_id"]).doUpdateSet({ last_login_at: at }))
      .execute();
    const keep = await trx
      .selectFrom("trusted_devices")
      .select("token_hash")
      .where("user_id", "=", userId)
      .orderBy("last_login_at", "desc")
      .limit(DEVICES_PER_USER)
      .execute();
    await trx
      .deleteFrom("trusted_devices")
      .where("user_id", "=", userId)
      .where(
        "token_hash",
        "not in",
        keep.map((k) => k.token_hash),
      )
      .execute();
  });
}

/** Forgets every trusted browser of an account except (optionally) one: after a password change or "log out everywhere else". */
export async function forgetTrustedDevices(db: Kysely<Database>, userId: string, exceptTokenHash?: string | null): Promise<void> {
  let query = db.deleteFrom("trusted_devices").where("user_id", "=", userId);
  if (exceptTokenHash) query = query.where("token_hash", "!=", exceptTokenHash);
  await query.execute();
}
