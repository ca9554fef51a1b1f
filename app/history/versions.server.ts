import type { Kysely } from "kysely";
import * as Y from "yjs";
import { z } from "zod";
import { meetingAccess } from "../auth/access.server";
import { findSnapshot, listSnapshots, type SnapshotSummary } from "../../db/snapshots";
import type { Database } from "../../db/schema";
import type { AppServices } from "../services.server";
import { meetingDocName } from "../collab/protocol";
import { readVersionContent, type VersionContent } from "./version-content";

// A meeting's saved versions ("Geschiedenis"): the list, and one version read back as it was.
// Callers check access to the meeting first (meetingAccess); a version is only ever read
// through the meeting it belongs to.

export type { SnapshotSummary as VersionSummary } from "../../db/snapshots";

/** The "Versie opslaan" form: an optional label of at most 120 characters. */
export const saveVersionSchema = z.object({ label: z.string().trim().max(120).optional() });

/**
 * "Versie opslaan": a member of the meeting's pair saves the document as it is now, with an
 * optional label. Refused (null) for anyone else.
 */
export async function saveVersion(
  services: Pick<AppServices, "db" | "takeSnapshot">,
  meetingId: string,
  userId: string,
  label?: string | null,
): Promise<{ id: number; takenAt: string } | null> {
  const access = await meetingAccess(services.db, userId, meetingId);
  if (!access.ok) return null;
  const trimmed = label?.trim().slice(0, 120) || null;
  return await services.takeSnapshot(meetingId, "manual", { userId, label: trimmed });
}

/** A meeting's versions, newest first: time, reason, label and who asked for it. */
export async function listVersions(db: Kysely<Database>, meetingId: string): Promise<SnapshotSummary[]> {
  return listSnapshots(db, meetingId);
}

export interface Version {
  id: number;
  meetingId: string;
  takenAt: string;
  reason: SnapshotSummary["reason"];
  label: string | null;
  takenBy: string | null;
  content: VersionContent;
}

/**
 * One version of a meeting as read-only content: its stored state is loaded into a fresh
 * Y.Doc and read with the editor's schema. Null when there is no such version of this meeting.
 */
export async function readVersion(services: Pick<AppServices, "db">, meetingId: string, snapshotId: number): Promise<Version | null> {
  const snapshot = await findSnapshot(services.db, snapshotId);
  if (!snapshot || snapshot.meeting_id !== meetingId) return null;
  return {
    id: snapshot.id,
    meetingId: snapshot.meeting_id,
    takenAt: snapshot.taken_at,
    reason: snapshot.reason,
    label: snapshot.label,
    takenBy: snapshot.taken_by,
    content: withStoredState(snapshot.state, readVersionContent),
  };
}

/** Loads a stored state into a fresh Y.Doc for one read, then frees it. */
export function withStoredState<T>(state: Uint8Array, read: (doc: Y.Doc) => T): T {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return read(doc);
  } finally {
    doc.destroy();
  }
}
