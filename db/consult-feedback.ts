import type { Kysely } from "kysely";
import type { ConsultFeedbackRow, ConsultFeedbackTable, Database } from "./schema";

// Feedback forms on consult recordings, per meeting, and every revision of each (so a version
// of the meeting can show a form as it was then). A save is a compare-and-set on `revision`:
// the domain re-reads and retries, so two people saving different parts at once both land.

/** Stores a new, empty form and its first revision. */
export async function insertFeedback(db: Kysely<Database>, row: ConsultFeedbackTable): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto("consult_feedback").values(row).execute();
    await trx
      .insertInto("consult_feedback_revisions")
      .values({ feedback_id: row.id, revision: row.revision, meeting_id: row.meeting_id, content: row.content, saved_by: row.created_by, saved_at: row.created_at })
      .execute();
  });
}

export async function findFeedback(db: Kysely<Database>, id: string): Promise<ConsultFeedbackRow | undefined> {
  return db.selectFrom("consult_feedback").selectAll().where("id", "=", id).executeTakeFirst();
}

/** A meeting's forms in the order they were started. */
export async function listFeedbackOfMeeting(db: Kysely<Database>, meetingId: string): Promise<ConsultFeedbackRow[]> {
  return db.selectFrom("consult_feedback").selectAll().where("meeting_id", "=", meetingId).orderBy("position", "asc").execute();
}

/** How many forms a meeting has (the next one's position). */
export async function countFeedbackOfMeeting(db: Kysely<Database>, meetingId: string): Promise<number> {
  const row = await db.selectFrom("consult_feedback").select((eb) => eb.fn.countAll<number>().as("n")).where("meeting_id", "=", meetingId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Writes a form's new content when it is still at `revision`, and keeps the revision, in one
 * transaction. `feedbackGivenAt` is set only when the form had none yet. False when someone
 * saved meanwhile (the caller reads again and retries).
 */
export async function saveFeedbackContent(
  db: Kysely<Database>,
  form: { id: string; meetingId: string; revision: number },
  change: { content: string; savedBy: string; at: string; feedbackGivenAt: string | null },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable("consult_feedback")
      .set((eb) => ({
        content: change.content,
        revision: form.revision + 1,
        updated_at: change.at,
        feedback_given_at: eb.fn.coalesce("feedback_given_at", eb.val(change.feedbackGivenAt)),
      }))
      .where("id", "=", form.id)
      .where("revision", "=", form.revision)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await trx
      .insertInto("consult_feedback_revisions")
      .values({ feedback_id: form.id, revision: form.revision + 1, meeting_id: form.meetingId, content: change.content, saved_by: change.savedBy, saved_at: change.at })
      .execute();
    return true;
  });
}

/** A meeting's forms as they were at `at` (ISO): each form's last revision saved by then, in form order. */
export async function listFeedbackAt(db: Kysely<Database>, meetingId: string, at: string): Promise<Array<{ id: string; content: string }>> {
  const rows = await db
    .selectFrom("consult_feedback_revisions")
    .innerJoin("consult_feedback", "consult_feedback.id", "consult_feedback_revisions.feedback_id")
    .select(["consult_feedback_revisions.feedback_id as id", "consult_feedback_revisions.content", "consult_feedback.position"])
    .where("consult_feedback_revisions.meeting_id", "=", meetingId)
    .where("consult_feedback_revisions.saved_at", "<=", at)
    .orderBy("consult_feedback.position", "asc")
    .orderBy("consult_feedback_revisions.revision", "asc")
    .execute();
  const last = new Map<string, string>();
  for (const row of rows) last.set(row.id, row.content);
  return [...last].map(([id, content]) => ({ id, content }));
}

/** The pair's forms that hold feedback, with when it was first given and when their meeting started (the weekly norm). */
export async function listFeedbackGivenOfPair(
  db: Kysely<Database>,
  pairId: string,
): Promise<Array<{ id: string; feedback_given_at: string; meeting_started_at: string | null }>> {
  const rows = await db
    .selectFrom("consult_feedback")
    .innerJoin("meetings", "meetings.id", "consult_feedback.meeting_id")
    .select(["consult_feedback.id", "consult_feedback.feedback_given_at", "meetings.started_at as meeting_started_at"])
    .where("consult_feedback.pair_id", "=", pairId)
    .where("consult_feedback.feedback_given_at", "is not", null)
    .execute();
  return rows.map((r) => ({ ...r, feedback_given_at: r.feedback_given_at! }));
}
