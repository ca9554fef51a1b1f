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

/** Changes a meeting's status or lead state unconditionally (raising its lead version); returns the meeting as stored afterwards. */
export async function updateMeeting(db: Kysely<Database>, id: string, changes: MeetingUpdate): Promise<Meeting | undefined> {
  await db
    .updateTable("meetings")
    .set((eb) => ({ ...changes, lead_version: eb("lead_version", "+", 1) }))
    .where("id", "=", id)
    .execute();
  return findMeeting(db, id);
}

/**
 * Stores a lead change only if nobody changed the lead since it was read (compare-and-set on
 * `lead_version`, which it raises by one). Returns whether it was stored: false means another
 * command got in between, and the caller reads again and re-applies its rules.
 */
export async function updateLeadIfUnchanged(
  db: Kysely<Database>,
  id: string,
  readVersion: number,
  changes: Omit<MeetingUpdate, "lead_version">,
): Promise<boolean> {
  const result = await db
    .updateTable("meetings")
    .set({ ...changes, lead_version: readVersion + 1 })
    .where("id", "=", id)
    .where("lead_version", "=", readVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Deletes a meeting that has not started (status gepland) with its documents' stored updates
 * and states (`docNames`), in one transaction; its agreements, snapshots and report go with the
 * row (foreign keys cascade). Returns false, deleting nothing, when the meeting is gone or has
 * started meanwhile (a start at the same moment wins).
 */
export async function deletePlannedMeeting(db: Kysely<Database>, id: string, docNames: string[]): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom("meetings").where("id", "=", id).where("status", "=", "gepland").executeTakeFirst();
    if (Number(result.numDeletedRows) !== 1) return false;
    if (docNames.length > 0) {
      await trx.deleteFrom("doc_updates").where("doc_name", "in", docNames).execute();
      await trx.deleteFrom("doc_states").where("doc_name", "in", docNames).execute();
    }
    return true;
  });
}
