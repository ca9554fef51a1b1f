import type SQLite from "better-sqlite3";
import type { Kysely } from "kysely";
import type { Database, Meeting, MeetingUpdate, NewMeeting } from "./schema";

export async function insertMeeting(db: Kysely<Database>, meeting: NewMeeting): Promise<void> {
  await db.insertInto("meetings").values(meeting).execute();
}

export async function findMeeting(db: Kysely<Database>, id: string): Promise<Meeting | undefined> {
  return db.selectFrom("meetings").selectAll().where("id", "=", id).executeTakeFirst();
}

/** A pair's meetings, soonest scheduled first. */
export async function listMeetingsOfPair(db: Kysely<Database>, pairId: string): Promise<Meeting[]> {
  return db.selectFrom("meetings").selectAll().where("pair_id", "=", pairId).orderBy("scheduled_at", "asc").execute();
}

/** Changes a meeting's status or lead state; returns the meeting as stored afterwards. */
export async function updateMeeting(db: Kysely<Database>, id: string, changes: MeetingUpdate): Promise<Meeting | undefined> {
  await db.updateTable("meetings").set(changes).where("id", "=", id).execute();
  return findMeeting(db, id);
}

const pairIdStatements = new WeakMap<SQLite.Database, SQLite.Statement<[string], { pair_id: string }>>();

/** The pair of a meeting, synchronously (for the server's own timers), or undefined. */
export function findMeetingPairId(sqlite: SQLite.Database, meetingId: string): string | undefined {
  let select = pairIdStatements.get(sqlite);
  if (!select) {
    select = sqlite.prepare("select pair_id from meetings where id = ?");
    pairIdStatements.set(sqlite, select);
  }
  return select.get(meetingId)?.pair_id;
}
