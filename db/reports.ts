import type { Kysely } from "kysely";
import type { Database, Report, ReportStatus, ReportUpdate } from "./schema";

export async function findReport(db: Kysely<Database>, meetingId: string): Promise<Report | undefined> {
  return db.selectFrom("reports").selectAll().where("meeting_id", "=", meetingId).executeTakeFirst();
}

/** Creates the meeting's report row (concept) unless it exists. */
export async function ensureReport(db: Kysely<Database>, meetingId: string): Promise<void> {
  await db.insertInto("reports").values({ meeting_id: meetingId }).onConflict((oc) => oc.column("meeting_id").doNothing()).execute();
}

/**
 * Moves a report on only when it is in one of the `from` statuses, so two requests at once
 * cannot both move it (the second finds it moved). Returns whether it moved.
 */
export async function moveReport(
  db: Kysely<Database>,
  meetingId: string,
  from: readonly ReportStatus[],
  changes: ReportUpdate & { status: ReportStatus },
): Promise<boolean> {
  const result = await db
    .updateTable("reports")
    .set({ ...changes, updated_at: new Date().toISOString() })
    .where("meeting_id", "=", meetingId)
    .where("status", "in", [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The meetings whose report is confirmed (their documents are read-only); read once at start. */
export async function listConfirmedMeetingIds(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom("reports").select("meeting_id").where("status", "=", "bevestigd").execute();
  return rows.map((r) => r.meeting_id);
}

/** Every confirmed report of meetings in pairs where the user is the aios, oldest meeting first. */
export async function listConfirmedReportsOfAios(
  db: Kysely<Database>,
  aiosUserId: string,
): Promise<Array<Report & { scheduled_at: string; pair_id: string }>> {
  return db
    .selectFrom("reports")
    .innerJoin("meetings", "meetings.id", "reports.meeting_id")
    .innerJoin("pair_members", (join) => join.onRef("pair_members.pair_id", "=", "meetings.pair_id").on("pair_members.role", "=", "aios"))
    .selectAll("reports")
    .select(["meetings.scheduled_at", "meetings.pair_id"])
    .where("pair_members.user_id", "=", aiosUserId)
    .where("reports.status", "=", "bevestigd")
    .orderBy("meetings.started_at", "asc")
    .orderBy("meetings.scheduled_at", "asc")
    .execute();
}
