import type SQLite from "better-sqlite3";
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

interface SyncStatements {
  upsert: SQLite.Statement;
  markRemoved: SQLite.Statement;
}
const prepared = new WeakMap<SQLite.Database, SyncStatements>();

/** The two statements of a sync, prepared once per database (this runs after every burst of typing). */
function statements(sqlite: SQLite.Database): SyncStatements {
  let s = prepared.get(sqlite);
  if (!s) {
    s = {
      upsert: sqlite.prepare(
        `insert into agreements (meeting_id, id, pair_id, text, owner, follow_up_date, status, position, goal_id, created_at, updated_at)
         values (@meeting, @id, @pair, @text, @owner, @date, @status, @position, @goal, @at, @at)
         on conflict (meeting_id, id) do update set
           text = excluded.text, owner = excluded.owner, follow_up_date = excluded.follow_up_date,
           status = excluded.status, position = excluded.position, goal_id = excluded.goal_id, updated_at = excluded.updated_at, removed_at = null
         where agreements.text is not excluded.text or agreements.owner is not excluded.owner
           or agreements.follow_up_date is not excluded.follow_up_date or agreements.status is not excluded.status
           or agreements.position is not excluded.position or agreements.goal_id is not excluded.goal_id or agreements.removed_at is not null`,
      ),
      markRemoved: sqlite.prepare(
        `update agreements set removed_at = ?, updated_at = ?
         where meeting_id = ? and removed_at is null and id not in (select value from json_each(?))`,
      ),
    };
    prepared.set(sqlite, s);
  }
  return s;
}

/**
 * Brings the table in step with a meeting's document, in one transaction: new and changed
 * agreements are written (updated_at moves only when something changed), agreements no
 * longer in the document are marked removed. Synchronous: it runs on the server's own
 * timer, never between a client's update and its broadcast.
 */
export function syncMeetingAgreements(
  sqlite: SQLite.Database,
  meeting: { id: string; pairId: string },
  agreements: AgreementInput[],
  now: Date = new Date(),
): { changed: number } {
  const at = now.toISOString();
  const { upsert, markRemoved } = statements(sqlite);
  return sqlite.transaction(() => {
    let changed = 0;
    const seen = new Set<string>();
    agreements.forEach((a, position) => {
      if (seen.has(a.id)) return; // a duplicate id (a copy not yet renumbered) is read once
      seen.add(a.id);
      changed += upsert.run({ meeting: meeting.id, id: a.id, pair: meeting.pairId, text: a.text, owner: a.owner, date: a.followUpDate, status: a.status, position, goal: a.goalId ?? null, at }).changes;
    });
    changed += markRemoved.run(at, at, meeting.id, JSON.stringify([...seen])).changes;
    return { changed };
  })();
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
