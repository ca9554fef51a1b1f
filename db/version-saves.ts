import type { Kysely } from "kysely";
import type { Database } from "./schema";

// The rules of a manual version ("Versie opslaan"): the newest snapshot to compare with, and
// the one-a-minute claim. Kept apart from db/snapshots.ts, which the snapshotter writes.

/** The newest snapshot of a meeting (any reason) with its state, or undefined when there is none. */
export async function findNewestSnapshot(
  db: Kysely<Database>,
  meetingId: string,
): Promise<{ id: number; takenAt: string; state: Uint8Array } | undefined> {
  const row = await db
    .selectFrom("snapshots")
    .select(["id", "taken_at", "state"])
    .where("meeting_id", "=", meetingId)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.id, takenAt: row.taken_at, state: new Uint8Array(row.state) } : undefined;
}

/** When the meeting's last manual version was saved (ISO), or null. */
export async function findLastManualSave(db: Kysely<Database>, meetingId: string): Promise<string | null> {
  const row = await db.selectFrom("version_saves").select("saved_at").where("meeting_id", "=", meetingId).executeTakeFirst();
  return row?.saved_at ?? null;
}

/**
 * Claims the meeting's next manual version at `at`, only when its last one was saved at or
 * before `notAfter` (or never): one conditional upsert, so of two requests at once exactly one
 * gets it. Returns whether this call got it.
 */
export async function claimManualSave(db: Kysely<Database>, meetingId: string, at: string, notAfter: string): Promise<boolean> {
  const result = await db
    .insertInto("version_saves")
    .values({ meeting_id: meetingId, saved_at: at })
    .onConflict((oc) => oc.column("meeting_id").doUpdateSet({ saved_at: at }).where("version_saves.saved_at", "<=", notAfter))
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Gives a claim back (storing the version failed): the previous time again, if the claim is still ours. */
export async function releaseManualSave(db: Kysely<Database>, meetingId: string, at: string, previous: string | null): Promise<void> {
  if (previous === null) {
    await db.deleteFrom("version_saves").where("meeting_id", "=", meetingId).where("saved_at", "=", at).execute();
  } else {
    await db.updateTable("version_saves").set({ saved_at: previous }).where("meeting_id", "=", meetingId).where("saved_at", "=", at).execute();
  }
}
