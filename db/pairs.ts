import type { Kysely } from "kysely";
import type { Database, NewPair, Pair, Role } from "./schema";

/** Creates a pair with its creator as its first member, in one transaction. */
export async function insertPairWithCreator(db: Kysely<Database>, pair: NewPair, creatorRole: Role): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto("pairs").values(pair).execute();
    await trx.insertInto("pair_members").values({ pair_id: pair.id, user_id: pair.created_by, role: creatorRole }).execute();
  });
}

/** A user's pairs with their role in each, newest first. */
export async function listPairsOfUser(db: Kysely<Database>, userId: string): Promise<Array<Pair & { role: Role }>> {
  return db
    .selectFrom("pair_members")
    .innerJoin("pairs", "pairs.id", "pair_members.pair_id")
    .selectAll("pairs")
    .select("pair_members.role")
    .where("pair_members.user_id", "=", userId)
    .orderBy("pairs.created_at", "desc")
    .execute();
}

/** The user's role in a pair, or undefined when they are not a member: the check behind every channel. */
export async function findMemberRole(db: Kysely<Database>, pairId: string, userId: string): Promise<Role | undefined> {
  const row = await db
    .selectFrom("pair_members")
    .select("role")
    .where("pair_id", "=", pairId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row?.role;
}

/** The members of a pair with their names. */
export async function listPairMembers(
  db: Kysely<Database>,
  pairId: string,
): Promise<Array<{ user_id: string; name: string; role: Role }>> {
  return db
    .selectFrom("pair_members")
    .innerJoin("users", "users.id", "pair_members.user_id")
    .select(["pair_members.user_id", "users.name", "pair_members.role"])
    .where("pair_members.pair_id", "=", pairId)
    .execute();
}

export async function findPair(db: Kysely<Database>, pairId: string): Promise<Pair | undefined> {
  return db.selectFrom("pairs").selectAll().where("id", "=", pairId).executeTakeFirst();
}

/** Stores the pair's norm settings (JSON), or null for the defaults. */
export async function updateNormSettings(db: Kysely<Database>, pairId: string, settingsJson: string | null): Promise<void> {
  await db.updateTable("pairs").set({ norm_settings: settingsJson }).where("id", "=", pairId).execute();
}
