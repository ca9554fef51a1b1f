import type { Kysely } from "kysely";
import * as Y from "yjs";
import { z } from "zod";
import { meetingAccess } from "../auth/access.server";
import { findSnapshot, listSnapshots, type SnapshotSummary } from "../../db/snapshots";
import type { Database } from "../../db/schema";
import type { AppServices } from "../services.server";
import { meetingDocName } from "../collab/protocol";
import { DOCUMENT_FIELD_NAMES, MEETING_FIELDS } from "../meetings/fields";
import { claimManualSave, findLastManualSave, findNewestSnapshot, releaseManualSave } from "../../db/version-saves";
import { contentKey, readVersionContent, type VersionContent } from "./version-content";
import { feedbackOfMeetingAt } from "../consult-feedback/consult-feedback.server";

// A meeting's saved versions ("Geschiedenis"): the list, and one version read back as it was.
// Callers check access to the meeting first (meetingAccess); a version is only ever read
// through the meeting it belongs to.

export type { SnapshotSummary as VersionSummary } from "../../db/snapshots";

/** The "Versie opslaan" form: an optional label of at most 120 characters. */
export const saveVersionSchema = z.object({ label: z.string().trim().max(120).optional() });

/** At most one manual version per meeting in this time. */
export const MANUAL_VERSION_INTERVAL_MS = 60_000;

export type SaveVersionProblem = "forbidden" | "readOnly" | "empty" | "unchanged" | "tooSoon";
export type SaveVersionResult =
  | { ok: true; id: number; takenAt: string }
  | { ok: false; problem: SaveVersionProblem; /** tooSoon: seconds until the next one may be saved. */ retryInSeconds?: number; /** unchanged: when the version it equals was taken. */ since?: string };

/**
 * "Versie opslaan": a member of the meeting's pair saves the document as it is now, with an
 * optional label. Refused on a confirmed meeting (it no longer changes), when nothing changed
 * since the newest version (a copy of it would only take space), and within a minute of the
 * meeting's last manual version (claimed in the database, so two clicks at once save one).
 */
export async function saveManualVersion(
  services: Pick<AppServices, "db" | "readDocument" | "takeSnapshot" | "isMeetingReadOnly">,
  meetingId: string,
  userId: string,
  label?: string | null,
  now: Date = new Date(),
): Promise<SaveVersionResult> {
  const access = await meetingAccess(services.db, userId, meetingId);
  if (!access.ok) return { ok: false, problem: "forbidden" };
  if (await services.isMeetingReadOnly(meetingId)) return { ok: false, problem: "readOnly" };

  const current = await services.readDocument(meetingDocName(meetingId), (doc) => ({ key: contentKey(doc), empty: isEmptyDocument(doc) }));
  const newest = await findNewestSnapshot(services.db, meetingId);
  if (!newest && current.empty) return { ok: false, problem: "empty" };
  if (newest && withStoredState(newest.state, contentKey) === current.key) return { ok: false, problem: "unchanged", since: newest.takenAt };

  const at = now.toISOString();
  const previous = await findLastManualSave(services.db, meetingId);
  const claimed = await claimManualSave(services.db, meetingId, at, new Date(now.getTime() - MANUAL_VERSION_INTERVAL_MS).toISOString());
  if (!claimed) {
    const last = Date.parse((await findLastManualSave(services.db, meetingId)) ?? at);
    const retryInSeconds = Math.max(1, Math.ceil((last + MANUAL_VERSION_INTERVAL_MS - now.getTime()) / 1000));
    return { ok: false, problem: "tooSoon", retryInSeconds };
  }
  try {
    const trimmed = label?.trim().slice(0, 120) || null;
    const taken = await services.takeSnapshot(meetingId, "manual", { userId, label: trimmed });
    return { ok: true, id: taken.id, takenAt: taken.takenAt };
  } catch (error) {
    // Not saved: the minute is given back, and the error goes on to the page (never a silent success).
    await releaseManualSave(services.db, meetingId, at, previous);
    throw error;
  }
}

function isEmptyDocument(doc: Y.Doc): boolean {
  return DOCUMENT_FIELD_NAMES.every((name) => doc.getXmlFragment(MEETING_FIELDS[name].fragment).length === 0);
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
  const records = { consultFeedback: await feedbackOfMeetingAt(services, meetingId, snapshot.taken_at) };
  return {
    id: snapshot.id,
    meetingId: snapshot.meeting_id,
    takenAt: snapshot.taken_at,
    reason: snapshot.reason,
    label: snapshot.label,
    takenBy: snapshot.taken_by,
    // The parts kept in the database (consult feedback) as they were when the version was saved.
    content: withStoredState(snapshot.state, (doc) => readVersionContent(doc, records)),
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
