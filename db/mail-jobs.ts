import type { Kysely } from "kysely";
import type { Database, MailJob, MailJobStatus } from "./schema";

// The durable mail queue. A job is claimed with a conditional update (only one claimer sees
// one changed row), so two instances sharing the database never both send it; a claim is a
// lease, taken over only after it ran out (the claimer died mid-send).

export interface MailJobInput {
  id: string;
  kind: string;
  uniqueKey?: string | null;
  userId?: string | null;
  toAddress: string;
  payload: unknown;
  maxAttempts: number;
  runAt: Date;
}

/** Queues a job; with a unique key that is taken already, adds nothing and returns false. */
export async function insertMailJob(db: Kysely<Database>, job: MailJobInput, now: Date = new Date()): Promise<boolean> {
  const at = now.toISOString();
  const result = await db
    .insertInto("mail_jobs")
    .values({
      id: job.id,
      kind: job.kind,
      unique_key: job.uniqueKey ?? null,
      user_id: job.userId ?? null,
      to_address: job.toAddress,
      payload: JSON.stringify(job.payload ?? {}),
      status: "queued",
      attempts: 0,
      max_attempts: job.maxAttempts,
      run_at: job.runAt.toISOString(),
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.column("unique_key").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Ids of jobs that may be tried now: queued and due, or running with a lease that ran out. Oldest due first. */
export async function listDueMailJobIds(db: Kysely<Database>, now: Date, limit: number): Promise<string[]> {
  const at = now.toISOString();
  const rows = await db
    .selectFrom("mail_jobs")
    .select("id")
    .where((eb) =>
      eb.or([
        eb.and([eb("status", "=", "queued"), eb("run_at", "<=", at)]),
        eb.and([eb("status", "=", "running"), eb("lease_until", "<", at)]),
      ]),
    )
    .orderBy("run_at", "asc")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Claims a job for one attempt, if it is still free: the update only matches while the job
 * is due (or its lease ran out), so of two claimers exactly one changes the row. Returns the
 * claimed job (its attempt counted) or undefined when someone else has it.
 */
export async function claimMailJob(db: Kysely<Database>, id: string, claimer: string, now: Date, leaseMs: number): Promise<MailJob | undefined> {
  const at = now.toISOString();
  const result = await db
    .updateTable("mail_jobs")
    .set((eb) => ({
      status: "running",
      claimed_by: claimer,
      lease_until: new Date(now.getTime() + leaseMs).toISOString(),
      attempts: eb("attempts", "+", 1),
      updated_at: at,
    }))
    .where("id", "=", id)
    .where((eb) =>
      eb.or([
        eb.and([eb("status", "=", "queued"), eb("run_at", "<=", at)]),
        eb.and([eb("status", "=", "running"), eb("lease_until", "<", at)]),
      ]),
    )
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  return db.selectFrom("mail_jobs").selectAll().where("id", "=", id).where("claimed_by", "=", claimer).executeTakeFirst();
}

/**
 * Ends a job this claimer holds: sent, skipped (with why) or dead (with the last error).
 * `payload` replaces the stored one (secrets such as an invite token are removed once done).
 * Returns false when the claim was lost meanwhile (the lease ran out and another took over).
 */
export async function finishMailJob(
  db: Kysely<Database>,
  id: string,
  claimer: string,
  outcome: { status: Extract<MailJobStatus, "sent" | "skipped" | "dead">; result?: string | null; error?: string | null; payload?: unknown },
  now: Date = new Date(),
): Promise<boolean> {
  const at = now.toISOString();
  const result = await db
    .updateTable("mail_jobs")
    .set({
      status: outcome.status,
      result: outcome.result ?? null,
      ...(outcome.error !== undefined ? { last_error: outcome.error } : {}),
      ...(outcome.payload !== undefined ? { payload: JSON.stringify(outcome.payload) } : {}),
      lease_until: null,
      updated_at: at,
      finished_at: at,
    })
    .where("id", "=", id)
    .where("claimed_by", "=", claimer)
    .where("status", "=", "running")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Puts a failed attempt back in the queue for `runAt`, with its error. */
export async function retryMailJobLater(db: Kysely<Database>, id: string, claimer: string, error: string, runAt: Date, now: Date = new Date()): Promise<boolean> {
  const result = await db
    .updateTable("mail_jobs")
    .set({ status: "queued", last_error: error, run_at: runAt.toISOString(), lease_until: null, updated_at: now.toISOString() })
    .where("id", "=", id)
    .where("claimed_by", "=", claimer)
    .where("status", "=", "running")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** How many jobs of a kind were queued for an address since a moment (the "Wachtwoord vergeten" limit, shared by every instance). */
export async function countMailJobsSince(db: Kysely<Database>, address: string, kind: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom("mail_jobs")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("to_address", "=", address)
    .where("kind", "=", kind)
    .where("created_at", ">=", since.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The most recent jobs (newest first), optionally only those in some statuses: what `npm run mail:jobs` lists. */
export async function listRecentMailJobs(db: Kysely<Database>, options: { limit: number; statuses?: MailJobStatus[] }): Promise<MailJob[]> {
  let query = db.selectFrom("mail_jobs").selectAll().orderBy("created_at", "desc").orderBy("id").limit(options.limit);
  if (options.statuses?.length) query = query.where("status", "in", options.statuses);
  return query.execute();
}

export async function findMailJob(db: Kysely<Database>, id: string): Promise<MailJob | undefined> {
  return db.selectFrom("mail_jobs").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Gives a dead job a fresh set of attempts, due now (an administrator fixed the cause). */
export async function requeueDeadMailJob(db: Kysely<Database>, id: string, now: Date = new Date()): Promise<boolean> {
  const at = now.toISOString();
  const result = await db
    .updateTable("mail_jobs")
    .set({ status: "queued", attempts: 0, run_at: at, claimed_by: null, lease_until: null, finished_at: null, updated_at: at })
    .where("id", "=", id)
    .where("status", "=", "dead")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Removes finished jobs in some statuses that ended before a moment: the queue does not grow forever. */
export async function pruneFinishedMailJobs(db: Kysely<Database>, statuses: Array<Extract<MailJobStatus, "sent" | "skipped" | "dead">>, before: Date): Promise<number> {
  const result = await db
    .deleteFrom("mail_jobs")
    .where("status", "in", statuses)
    .where("finished_at", "<", before.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
