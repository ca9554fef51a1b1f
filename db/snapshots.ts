import type { Kysely } from "kysely";
import type { Database, Snapshot, SnapshotReason } from "./schema";

export interface SnapshotInput {
  meetingId: string;
  docName: string;
  state: Uint8Array;
  reason: SnapshotReason;
  label?: string | null;
  takenBy?: string | null;
  takenAt?: Date;
}

/** Stores one snapshot and returns its id. */
export async function insertSnapshot(db: Kysely<Database>, input: SnapshotInput): Promise<number> {
  const row = await db
    .insertInto("snapshots")
    .values({
      meeting_id: input.meetingId,
      doc_name: input.docName,
      state: input.state,
      taken_at: (input.takenAt ?? new Date()).toISOString(),
      reason: input.reason,
      label: input.label ?? null,
      taken_by: input.takenBy ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** One snapshot as a history list shows it (without its state). */
export interface SnapshotSummary {
  id: number;
  meetingId: string;
  takenAt: string;
  reason: SnapshotReason;
  label: string | null;
  takenBy: { id: string; name: string } | null;
}

/** A meeting's snapshots, newest first, with the name of whoever asked for each. */
export async function listSnapshots(db: Kysely<Database>, meetingId: string): Promise<SnapshotSummary[]> {
  const rows = await db
    .selectFrom("snapshots")
    .leftJoin("users", "users.id", "snapshots.taken_by")
    .select(["snapshots.id", "snapshots.meeting_id", "snapshots.taken_at", "snapshots.reason", "snapshots.label", "snapshots.taken_by", "users.name as taken_by_name"])
    .where("snapshots.meeting_id", "=", meetingId)
    .orderBy("snapshots.id", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    meetingId: r.meeting_id,
    takenAt: r.taken_at,
    reason: r.reason,
    label: r.label,
    takenBy: r.taken_by ? { id: r.taken_by, name: r.taken_by_name ?? "" } : null,
  }));
}

/** One snapshot with its state, or undefined. */
export async function findSnapshot(db: Kysely<Database>, id: number): Promise<Snapshot | undefined> {
  const row = await db.selectFrom("snapshots").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? { ...row, state: new Uint8Array(row.state) } : undefined;
}
