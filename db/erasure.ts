import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, Role } from "./schema";
import { ERASED_ACCOUNT_ID, ERASED_ACCOUNT_NAME } from "./erased-account";

// Erasing an account (issue #19) as one transaction. What the person wrote in a shared
// meeting stays for the partner, attributed to the erased account; their private notes,
// their account, sessions, mail and switch-offs go; a pair with nobody left goes whole.
// Foreign keys are on: every reference to the user is moved or deleted before the user row
// (pairs.created_by, meetings.created_by, invites.created_by/used_by are NOT NULL without a
// cascade, so they must be moved to the erased account, or go with their pair).

/** One pair of the person and what happens to it. */
export interface ErasurePair {
  pairId: string;
  practiceName: string;
  role: Role;
  /** The partner's name when a real partner remains (the pair is kept for them); null: the pair is deleted. */
  partnerName: string | null;
  meetingIds: string[];
}

/** What erasing an account would touch, for the explanation and for the erasure itself. */
export interface ErasurePlan {
  userId: string;
  email: string;
  pairs: ErasurePair[];
  /** The person's private notes documents (`private.<meeting>.<user>`) that exist. */
  privateDocNames: string[];
  /** The shared documents of the meetings of pairs that go whole. */
  deletedPairDocNames: string[];
  /** LIKE patterns of every private notes document of those meetings. */
  deletedPairDocPatterns: string[];
}

/** How documents are named (app/collab/protocol.ts; db/ imports nothing from app/). */
export interface DocNaming {
  meeting(meetingId: string): string;
  privateNotes(meetingId: string, userId: string): string;
  /** A LIKE pattern (escape character `\`) matching every private notes document of a meeting. */
  privateNotesOfMeetingPattern(meetingId: string): string;
}

/** The plan for erasing a user, or undefined for an unknown user (or the erased account itself). */
export async function planErasure(db: Kysely<Database>, userId: string, naming: DocNaming): Promise<ErasurePlan | undefined> {
  if (userId === ERASED_ACCOUNT_ID) return undefined;
  const user = await db.selectFrom("users").select(["id", "email"]).where("id", "=", userId).executeTakeFirst();
  if (!user) return undefined;
  const memberships = await db
    .selectFrom("pair_members")
    .innerJoin("pairs", "pairs.id", "pair_members.pair_id")
    .select(["pairs.id", "pairs.practice_name", "pair_members.role"])
    .where("pair_members.user_id", "=", userId)
    .orderBy("pairs.created_at", "asc")
    .execute();
  const pairs: ErasurePair[] = [];
  for (const m of memberships) {
    const partner = await db
      .selectFrom("pair_members")
      .innerJoin("users", "users.id", "pair_members.user_id")
      .select(["users.id", "users.name"])
      .where("pair_members.pair_id", "=", m.id)
      .where("pair_members.user_id", "!=", userId)
      .executeTakeFirst();
    const meetings = await db.selectFrom("meetings").select("id").where("pair_id", "=", m.id).execute();
    pairs.push({
      pairId: m.id,
      practiceName: m.practice_name,
      role: m.role,
      partnerName: partner && partner.id !== ERASED_ACCOUNT_ID ? partner.name : null,
      meetingIds: meetings.map((r) => r.id),
    });
  }
  const candidates = pairs.flatMap((p) => p.meetingIds.map((id) => naming.privateNotes(id, userId)));
  const deletedPairMeetings = pairs.filter((p) => p.partnerName === null).flatMap((p) => p.meetingIds);
  return {
    userId,
    email: user.email,
    pairs,
    privateDocNames: await existingDocNames(db, candidates),
    deletedPairDocNames: deletedPairMeetings.map((id) => naming.meeting(id)),
    deletedPairDocPatterns: deletedPairMeetings.map((id) => naming.privateNotesOfMeetingPattern(id)),
  };
}

/** Rewrites a confirmed report's frozen content so the erased person's name is gone (the caller renders the Markdown again). */
export type FrozenReportRewrite = (frozen: { frozen_content: string | null; frozen_markdown: string | null }, erasedRole: Role) => {
  frozen_content: string | null;
  frozen_markdown: string | null;
};

/** What an erasure removed, so the caller can remove it again after open connections have closed. */
export interface ErasureResult {
  deletedPairIds: string[];
  /** Every document whose rows were deleted: the person's private notes, and all documents of deleted pairs. */
  deletedDocNames: string[];
  /** LIKE patterns of further documents of deleted pairs' meetings (the private notes of anyone in them). */
  deletedDocPatterns: string[];
}

/** Erases the account in one transaction, as planned; throws (and changes nothing) when any step fails. */
export async function eraseAccount(db: Kysely<Database>, plan: ErasurePlan, rewriteFrozen: FrozenReportRewrite): Promise<ErasureResult> {
  const { userId } = plan;
  const deleted = plan.pairs.filter((p) => p.partnerName === null);
  const kept = plan.pairs.filter((p) => p.partnerName !== null);
  const result: ErasureResult = {
    deletedPairIds: deleted.map((p) => p.pairId),
    deletedDocNames: [...plan.privateDocNames, ...plan.deletedPairDocNames],
    deletedDocPatterns: plan.deletedPairDocPatterns,
  };
  await db.transaction().execute(async (trx) => {
    // A pair with nobody left: its documents first (they have no foreign key), then the pair;
    // its members, invites, meetings, agreements, snapshots, reports and audit rows cascade.
    await deleteDocumentRows(trx, result.deletedDocNames, result.deletedDocPatterns);
    if (deleted.length) await trx.deleteFrom("pairs").where("id", "in", result.deletedPairIds).execute();

    // A kept pair: the person's place and authorship move to the erased account.
    for (const pair of kept) {
      await trx.updateTable("pair_members").set({ user_id: ERASED_ACCOUNT_ID }).where("pair_id", "=", pair.pairId).where("user_id", "=", userId).execute();
      if (pair.meetingIds.length) await renameInConfirmedReports(trx, pair, rewriteFrozen);
    }
    await trx.updateTable("pairs").set({ created_by: ERASED_ACCOUNT_ID }).where("created_by", "=", userId).execute();
    await trx.updateTable("meetings").set({ created_by: ERASED_ACCOUNT_ID }).where("created_by", "=", userId).execute();
    await trx.updateTable("invites").set({ created_by: ERASED_ACCOUNT_ID }).where("created_by", "=", userId).execute();
    await trx.updateTable("invites").set({ used_by: ERASED_ACCOUNT_ID }).where("used_by", "=", userId).execute();
    await trx.updateTable("snapshots").set({ taken_by: ERASED_ACCOUNT_ID }).where("taken_by", "=", userId).execute();
    for (const column of ["submitted_by", "returned_by", "confirmed_by"] as const) {
      await trx.updateTable("reports").set({ [column]: ERASED_ACCOUNT_ID }).where(column, "=", userId).execute();
    }
    await trx.updateTable("audit_log").set({ user_id: ERASED_ACCOUNT_ID }).where("user_id", "=", userId).execute();

    // Mail to or about the address, and its switch-offs (the jobs with the user's id cascade).
    await trx.deleteFrom("mail_jobs").where("to_address", "=", plan.email).execute();
    await trx.deleteFrom("mail_opt_outs").where("address", "=", plan.email).execute();
    // Sessions, reset links, mail jobs, trusted devices, notices, client-id owners cascade.
    const gone = await trx.deleteFrom("users").where("id", "=", userId).executeTakeFirst();
    if (Number(gone.numDeletedRows) !== 1) throw new Error("the account to erase was not found");
  });
  return result;
}

/** Deletes the rows of documents (log and compacted state) by exact name and by LIKE pattern; returns how many rows went. */
export async function deleteDocumentRows(db: Kysely<Database> | Transaction<Database>, names: string[], patterns: string[] = []): Promise<number> {
  let count = 0;
  for (const table of ["doc_updates", "doc_states"] as const) {
    for (const chunk of chunks(names, 200)) {
      count += Number((await db.deleteFrom(table).where("doc_name", "in", chunk).executeTakeFirst()).numDeletedRows);
    }
    for (const pattern of patterns) {
      count += Number((await db.deleteFrom(table).where(sql<boolean>`doc_name like ${pattern} escape '\\'`).executeTakeFirst()).numDeletedRows);
    }
  }
  return count;
}

/** The names among `names` that have stored rows (a log entry or a compacted state). */
export async function existingDocNames(db: Kysely<Database>, names: string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const chunk of chunks(names, 200)) {
    for (const table of ["doc_updates", "doc_states"] as const) {
      const rows = await db.selectFrom(table).select("doc_name").distinct().where("doc_name", "in", chunk).execute();
      for (const r of rows) found.add(r.doc_name);
    }
  }
  return names.filter((n) => found.has(n));
}

/** The reports of a kept pair, confirmed with the erased person's name: the name becomes the erased account's. */
async function renameInConfirmedReports(trx: Transaction<Database>, pair: ErasurePair, rewriteFrozen: FrozenReportRewrite): Promise<void> {
  const column = pair.role === "aios" ? "aios_name" : "opleider_name";
  const rows = await trx
    .selectFrom("reports")
    .select(["meeting_id", "frozen_content", "frozen_markdown"])
    .where("meeting_id", "in", pair.meetingIds)
    .where((eb) => eb.or([eb(column, "is not", null), eb("frozen_content", "is not", null)]))
    .execute();
  for (const row of rows) {
    const rewritten = rewriteFrozen(row, pair.role);
    await trx
      .updateTable("reports")
      .set({ [column]: ERASED_ACCOUNT_NAME, frozen_content: rewritten.frozen_content, frozen_markdown: rewritten.frozen_markdown })
      .where("meeting_id", "=", row.meeting_id)
      .execute();
  }
}

/** Escapes LIKE's wildcards (`_` occurs in ids), for `escape '\\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
