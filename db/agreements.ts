import type { Kysely } from "kysely";
import type { AgreementRow, Database } from "./schema";

/** One agreement as read from a document (see app/editor/read-fields.ts). */
export interface AgreementInput {
  id: string;
  text: string;
  owner: AgreementRow["owner"];
  followUpDate: string | null;
  status: AgreementRow["status"];
  /** The learning goal it works towards (the node's goalId); absent or null: none. */
  goalId?: string | null;
}

/**
 * Brings the table in step with a meeting's document, in one transaction: new and changed
 * agreements are written (updated_at moves only when something changed), agreements no
 * longer in the document are marked removed. Returns how many rows changed. It runs on the
 * server's own timer, never between a client's update and its broadcast.
 */
export async function syncMeetingAgreements(
  db: Kysely<Database>,
  meeting: { id: string; pairId: string },
  agreements: AgreementInput[],
  now: Date = new Date(),
): Promise<{ changed: number }> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    let changed = 0;
    const seen = new Set<string>();
    for (const [position, a] of agreements.entries()) {
      if (seen.has(a.id)) continue; // a duplicate id (a copy not yet renumbered) is read once
      seen.add(a.id);
      const goalId = a.goalId ?? null;
      const row = { text: a.text, owner: a.owner, follow_up_date: a.followUpDate, status: a.status, position, goal_id: goalId };
      const result = await trx
        .insertInto("agreements")
        .values({ meeting_id: meeting.id, id: a.id, pair_id: meeting.pairId, ...row, created_at: at, updated_at: at })
        .onConflict((oc) =>
          oc
            .columns(["meeting_id", "id"])
            .doUpdateSet({ ...row, updated_at: at, removed_at: null })
            // Only a real change moves updated_at (and counts).
            .where((eb) =>
              eb.or([
                eb("agreements.text", "is distinct from", a.text),
                eb("agreements.owner", "is distinct from", a.owner),
                eb("agreements.follow_up_date", "is distinct from", a.followUpDate),
                eb("agreements.status", "is distinct from", a.status),
                eb("agreements.position", "is distinct from", position),
                eb("agreements.goal_id", "is distinct from", goalId),
                eb("agreements.removed_at", "is not", null),
              ]),
            ),
        )
        .executeTakeFirst();
      changed += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    let removal = trx.updateTable("agreements").set({ removed_at: at, updated_at: at }).where("meeting_id", "=", meeting.id).where("removed_at", "is", null);
    if (seen.size) removal = removal.where("id", "not in", [...seen]);
    changed += Number((await removal.executeTakeFirst()).numUpdatedRows);
    return { changed };
  });
}

export interface OpenAgreement extends AgreementRow {
  meeting_title: string | null;
  meeting_kind: string;
  meeting_scheduled_at: string;
}

/** The pair's open agreements (not removed), earliest follow-up date first; undated last. Optionally without one meeting's own. */
export async function listOpenAgreements(db: Kysely<Database>, pairId: string, exceptMeetingId?: string): Promise<OpenAgreement[]> {
  let query = db
    .selectFrom("agreements")
    .innerJoin("meetings", "meetings.id", "agreements.meeting_id")
    .selectAll("agreements")
    .select(["meetings.title as meeting_title", "meetings.kind as meeting_kind", "meetings.scheduled_at as meeting_scheduled_at"])
    .where("agreements.pair_id", "=", pairId)
    .where("agreements.status", "=", "open")
    .where("agreements.removed_at", "is", null);
  if (exceptMeetingId) query = query.where("agreements.meeting_id", "!=", exceptMeetingId);
  const rows = await query.execute();
  return rows.sort(byFollowUp);
}

/** Where a meeting sits in its pair's order: by scheduled time, then by when it was made (same time). */
export interface MeetingOrder {
  id: string;
  scheduledAt: string;
  createdAt: string;
}

/**
 * The pair's open agreements made in meetings BEFORE `meeting` (scheduled earlier, or at the
 * same time but made earlier): what "Vorige afspraken" and "Voorbereiden" review. A later
 * meeting's agreements, and the meeting's own, are not "previous". Same order as listOpenAgreements.
 */
export async function listOpenAgreementsBefore(db: Kysely<Database>, pairId: string, meeting: MeetingOrder): Promise<OpenAgreement[]> {
  const rows = await db
    .selectFrom("agreements")
    .innerJoin("meetings", "meetings.id", "agreements.meeting_id")
    .selectAll("agreements")
    .select(["meetings.title as meeting_title", "meetings.kind as meeting_kind", "meetings.scheduled_at as meeting_scheduled_at"])
    .where("agreements.pair_id", "=", pairId)
    .where("agreements.status", "=", "open")
    .where("agreements.removed_at", "is", null)
    .where("agreements.meeting_id", "!=", meeting.id)
    .where((eb) =>
      eb.or([
        eb("meetings.scheduled_at", "<", meeting.scheduledAt),
        eb.and([eb("meetings.scheduled_at", "=", meeting.scheduledAt), eb("meetings.created_at", "<", meeting.createdAt)]),
      ]),
    )
    .execute();
  return rows.sort(byFollowUp);
}

function byFollowUp(a: OpenAgreement, b: OpenAgreement): number {
  return (
    (a.follow_up_date ?? "9999").localeCompare(b.follow_up_date ?? "9999") ||
    a.meeting_scheduled_at.localeCompare(b.meeting_scheduled_at) ||
    a.position - b.position
  );
}

export async function findAgreement(db: Kysely<Database>, meetingId: string, id: string): Promise<AgreementRow | undefined> {
  return db.selectFrom("agreements").selectAll().where("meeting_id", "=", meetingId).where("id", "=", id).executeTakeFirst();
}

/** Changes an agreement's status or follow-up date in the table (the document is changed by the caller). */
export async function updateAgreement(
  db: Kysely<Database>,
  meetingId: string,
  id: string,
  change: Partial<Pick<AgreementRow, "status" | "follow_up_date">>,
): Promise<void> {
  await db
    .updateTable("agreements")
    .set({ ...change, updated_at: new Date().toISOString() })
    .where("meeting_id", "=", meetingId)
    .where("id", "=", id)
    .execute();
}

/** A meeting's agreements as the table holds them now (not removed), in document order. */
export async function listAgreementsOfMeeting(db: Kysely<Database>, meetingId: string): Promise<AgreementRow[]> {
  return db.selectFrom("agreements").selectAll().where("meeting_id", "=", meetingId).where("removed_at", "is", null).orderBy("position", "asc").execute();
}

/** The agreements linked to a learning goal (not removed), with the meeting each was made in, in meeting order. */
export async function listAgreementsOfGoal(db: Kysely<Database>, pairId: string, goalId: string): Promise<OpenAgreement[]> {
  return db
    .selectFrom("agreements")
    .innerJoin("meetings", "meetings.id", "agreements.meeting_id")
    .selectAll("agreements")
    .select(["meetings.title as meeting_title", "meetings.kind as meeting_kind", "meetings.scheduled_at as meeting_scheduled_at"])
    .where("agreements.pair_id", "=", pairId)
    .where("agreements.goal_id", "=", goalId)
    .where("agreements.removed_at", "is", null)
    .orderBy("meetings.scheduled_at", "asc")
    .orderBy("agreements.position", "asc")
    .execute();
}
