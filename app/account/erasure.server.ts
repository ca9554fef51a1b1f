import { sql } from "kysely";
import type { AppServices } from "../services.server";
import { findUserById } from "../../db/users";
import { deleteDocumentRows, eraseAccount, escapeLike, planErasure, type DocNaming, type FrozenReportRewrite } from "../../db/erasure";
import { ERASED_ACCOUNT_NAME } from "../../db/erased-account";
import { verifyPassword } from "../auth/password.server";
import { meetingDocName, privateNotesDocName } from "../collab/protocol";
import type { FrozenReport } from "../reports/report-data";
import { reportMarkdown } from "../reports/report-markdown";
import { logger } from "../../server/logger";

// "Account verwijderen" (issue #19): after the password, the account is erased in one
// transaction (db/erasure.ts), then every open connection of the person closes. Their private
// notes go; what they wrote in shared meetings stays for the partner, attributed to the erased
// account ("verwijderd account"); a pair with nobody left goes whole.

const naming: DocNaming = {
  meeting: meetingDocName,
  privateNotes: privateNotesDocName,
  privateNotesOfMeetingPattern: (meetingId) => `${escapeLike(privateNotesDocName(meetingId, ""))}%`,
};

/** One pair as the explanation shows it: kept for the partner, or deleted whole. */
export interface ErasurePairSummary {
  practiceName: string;
  role: "aios" | "opleider";
  partnerName: string | null;
  meetingCount: number;
}

/** What erasing the account would do to each of the person's pairs (the page lists it before they confirm). */
export async function erasureSummary(services: Pick<AppServices, "db">, userId: string): Promise<ErasurePairSummary[]> {
  const plan = await planErasure(services.db, userId, naming);
  return (plan?.pairs ?? []).map((p) => ({ practiceName: p.practiceName, role: p.role, partnerName: p.partnerName, meetingCount: p.meetingIds.length }));
}

export type ErasureProblem = "wrongPassword" | "mustConfirm" | "tooManyAttempts";
export type ErasureOutcome = { ok: true } | { ok: false; problem: ErasureProblem };

/** How long the open connections get to close before the person's documents are swept once more. */
export const SWEEP_AFTER_MS = 2500;

/**
 * Erases the person's account after checking their password. Their sessions end and their
 * live connections (Yjs, socket.io) close. Throws when the database refuses (nothing is
 * erased then).
 */
export async function eraseOwnAccount(
  services: Pick<AppServices, "db" | "dialect" | "closeSessions" | "live">,
  input: { userId: string; password: string; confirmed: boolean },
  now: number = Date.now(),
): Promise<ErasureOutcome> {
  if (!input.confirmed) return { ok: false, problem: "mustConfirm" };
  if (erasureAttempts.blocked(input.userId, now)) return { ok: false, problem: "tooManyAttempts" };
  const user = await findUserById(services.db, input.userId);
  if (!user || !(await verifyPassword(input.password, user.password_hash))) {
    erasureAttempts.failed(input.userId, now);
    return { ok: false, problem: "wrongPassword" };
  }
  const plan = await planErasure(services.db, input.userId, naming);
  if (!plan) return { ok: false, problem: "wrongPassword" };
  const result = await withSecureDelete(services, () => eraseAccount(services.db, plan, withoutName));
  erasureAttempts.forget(input.userId);
  logger.info(`account erased: ${plan.pairs.length} pairs (${result.deletedPairIds.length} deleted whole), ${plan.privateDocNames.length} private notes documents`);

  // The sessions are gone with the account; now their open connections close too.
  services.closeSessions({ userId: input.userId });
  for (const pair of plan.pairs) if (pair.partnerName !== null) services.live.pairChanged(pair.pairId);
  sweepLater(services, result.deletedDocNames, result.deletedDocPatterns);
  return { ok: true };
}

/**
 * A document open in this process when its author was erased is stored once more when its
 * last connection closes (compaction on unload): its rows are deleted again once the closed
 * connections are gone (they are cut after at most a second).
 */
function sweepLater(services: Pick<AppServices, "db">, names: string[], patterns: string[]): void {
  if (names.length === 0 && patterns.length === 0) return;
  setTimeout(() => {
    deleteDocumentRows(services.db, names, patterns).then(
      (rows) => rows > 0 && logger.info(`erased account: ${rows} document rows stored after the erasure were removed`),
      (error: unknown) => logger.error("the second sweep of an erased account's documents failed", error),
    );
  }, SWEEP_AFTER_MS).unref();
}

/**
 * SQLite leaves deleted rows in free pages (and old page images in the WAL) until they are
 * overwritten: with secure_delete the erasure's deletions are zeroed, and a checkpoint moves
 * the WAL into the database file and truncates it, so the erased person's address and name
 * are gone from the files on disk too (not only from queries). PostgreSQL has no such switch:
 * the deleted row versions stay in the table files until (auto)vacuum reuses their space
 * (README "Your data" says so); queries never return them.
 */
async function withSecureDelete<T>(services: Pick<AppServices, "db" | "dialect">, run: () => Promise<T>): Promise<T> {
  if (services.dialect !== "sqlite") return run();
  // Kysely's SQLite dialect has one connection: the pragma applies to the erasure's statements.
  await sql`pragma secure_delete = ON`.execute(services.db);
  try {
    return await run();
  } finally {
    await sql`pragma secure_delete = OFF`.execute(services.db);
    try {
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(services.db);
    } catch (error) {
      logger.warn("the checkpoint after an erasure failed (the WAL is checkpointed later as usual)", error);
    }
  }
}

/** A confirmed report keeps its content; the erased person's name in it becomes "verwijderd account" (its Markdown is made again). */
const withoutName: FrozenReportRewrite = (frozen, erasedRole) => {
  if (!frozen.frozen_content) return frozen;
  const parsed = JSON.parse(frozen.frozen_content) as FrozenReport;
  parsed.data.participants = { ...parsed.data.participants, [erasedRole]: ERASED_ACCOUNT_NAME };
  return { frozen_content: JSON.stringify(parsed), frozen_markdown: reportMarkdown(parsed.data) };
};

/** Wrong passwords on the erasure form, per account: 5 per quarter of an hour (in this process, like the login limits). */
class ErasureAttempts {
  private readonly failures = new Map<string, { count: number; until: number }>();
  private static readonly LIMIT = 5;
  private static readonly WINDOW_MS = 15 * 60_000;

  blocked(userId: string, now: number): boolean {
    const entry = this.failures.get(userId);
    if (entry && entry.until <= now) this.failures.delete(userId);
    return (this.failures.get(userId)?.count ?? 0) >= ErasureAttempts.LIMIT;
  }

  failed(userId: string, now: number): void {
    const entry = this.failures.get(userId);
    if (entry && entry.until > now) entry.count += 1;
    else this.failures.set(userId, { count: 1, until: now + ErasureAttempts.WINDOW_MS });
  }

  forget(userId: string): void {
    this.failures.delete(userId);
  }
}

const erasureAttempts = new ErasureAttempts();
