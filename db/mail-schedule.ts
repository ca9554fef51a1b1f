import type { Kysely } from "kysely";
import type { Database } from "./schema";

// The scheduler's questions: who might get a reminder or a digest now. Plain comparisons on
// ISO text, so the same queries run on SQLite and PostgreSQL.

export interface ReminderCandidate {
  meeting_id: string;
  scheduled_at: string;
  user_id: string;
  email: string;
  time_zone: string;
}

/** Every member of a pair with a planned meeting scheduled on a Dutch calendar date in [fromDate, toDate). */
export async function listReminderCandidates(db: Kysely<Database>, fromDate: string, toDate: string): Promise<ReminderCandidate[]> {
  return db
    .selectFrom("meetings")
    .innerJoin("pair_members", "pair_members.pair_id", "meetings.pair_id")
    .innerJoin("users", "users.id", "pair_members.user_id")
    .select(["meetings.id as meeting_id", "meetings.scheduled_at", "users.id as user_id", "users.email", "users.time_zone"])
    .where("meetings.status", "=", "gepland")
    .where("meetings.scheduled_at", ">=", fromDate)
    .where("meetings.scheduled_at", "<", toDate)
    .execute();
}

export interface DigestCandidate {
  user_id: string;
  email: string;
  time_zone: string;
}

/** Members of pairs with an open agreement whose follow-up date is on or before `dueBy`. */
export async function listDigestCandidates(db: Kysely<Database>, dueBy: string): Promise<DigestCandidate[]> {
  return db
    .selectFrom("users")
    .select(["users.id as user_id", "users.email", "users.time_zone"])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("pair_members")
          .innerJoin("agreements", "agreements.pair_id", "pair_members.pair_id")
          .select("agreements.id")
          .whereRef("pair_members.user_id", "=", "users.id")
          .where("agreements.status", "=", "open")
          .where("agreements.removed_at", "is", null)
          .where("agreements.follow_up_date", "is not", null)
          .where("agreements.follow_up_date", "<=", dueBy),
      ),
    )
    .execute();
}

/** "address\nkind" for every switch-off of the given kinds. */
export async function listOptedOutAddresses(db: Kysely<Database>, kinds: string[]): Promise<string[]> {
  const rows = await db.selectFrom("mail_opt_outs").select(["address", "kind"]).where("kind", "in", kinds).execute();
  return rows.map((r) => `${r.address}\n${r.kind}`);
}
