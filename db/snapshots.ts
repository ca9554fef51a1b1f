import type SQLite from "better-sqlite3";
import type { Kysely } from "kysely";
import type { Database, Snapshot, SnapshotReason } from "./schema";

// Snapshots are written synchronously (better-sqlite3): the server takes one just before a
// document leaves memory, where nothing may be awaited. Reads for pages use Kysely.

export interface SnapshotInput {
  meetingId: string;
  docName: string;
  state: Uint8Array;
  reason: SnapshotReason;
  label?: string | null;
  takenBy?: string | null;
  takenAt?: Date;
}

const inserts = new WeakMap<SQLite.Database, SQLite.Statement>();

/** Stores one snapshot and returns its id. */
export function insertSnapshot(sqlite: SQLite.Database, input: SnapshotInput): number {
  let insert = inserts.get(sqlite);
  if (!insert) {
    insert = sqlite.prepare(
      "insert into snapshots (meeting_id, doc_name, state, taken_at, reason, label, taken_by) values (?, ?, ?, ?, ?, ?, ?)",
    );
    inserts.set(sqlite, insert);
  }
  const at = (input.takenAt ?? new Date()).toISOString();
  return Number(insert.run(input.meetingId, input.docName, input.state, at, input.reason, input.label ?? null, input.takenBy ?? null).lastInsertRowid);
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
