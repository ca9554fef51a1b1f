import type SQLite from "better-sqlite3";
import * as Y from "yjs";
import { meetingDocName, parseDocName } from "../../app/collab/protocol";
import { insertSnapshot } from "../../db/snapshots";
import type { SnapshotReason } from "../../db/schema";
import { logger } from "../logger";

/** How often an open meeting document that is being edited gets an `interval` snapshot. */
export const SNAPSHOT_INTERVAL_MS = 10 * 60_000;

export interface SnapshotterOptions {
  sqlite: SQLite.Database;
  /** Reads a document as it is now (CollabServer.readDocument): the live copy when open. */
  readDocument<T>(docName: string, read: (doc: Y.Doc) => T): T;
  /** Interval between `interval` snapshots (default SNAPSHOT_INTERVAL_MS; tests shorten it). */
  intervalMs?: number;
}

export interface SnapshotTaken {
  id: number;
  takenAt: string;
}

/**
 * Takes full encoded states of meeting documents (Y.encodeStateAsUpdate of the live doc,
 * so history does not depend on switching Yjs's garbage collection off): every interval
 * while a document is edited and when its last participant leaves (each only when it
 * changed since the last snapshot), and on request (meeting end, "Versie opslaan",
 * before a restore). Private notes are never snapshotted.
 */
export class Snapshotter {
  /** Open meeting documents that changed: their interval timer and whether they changed since the last snapshot. */
  private readonly open = new Map<string, { timer: NodeJS.Timeout; doc: Y.Doc; dirty: boolean }>();

  constructor(private readonly options: SnapshotterOptions) {}

  /** A document's update was stored (CollabServer onDocumentChanged). */
  changed(docName: string, doc: Y.Doc): void {
    if (parseDocName(docName)?.kind !== "meeting") return;
    const entry = this.open.get(docName);
    if (entry) {
      entry.dirty = true;
      return;
    }
    const timer = setInterval(() => this.tick(docName), this.options.intervalMs ?? SNAPSHOT_INTERVAL_MS);
    timer.unref();
    this.open.set(docName, { timer, doc, dirty: true });
  }

  /** The last participant left (CollabServer onLastLeft): a snapshot unless nothing changed since the last one. */
  lastLeft(docName: string, doc: Y.Doc): void {
    const parsed = parseDocName(docName);
    if (parsed?.kind !== "meeting" || !this.open.get(docName)?.dirty) return;
    this.snapshotDoc(parsed.meetingId, docName, doc, "lastLeft", {});
  }

  /** A document leaves memory (CollabServer onDocumentUnloading): its timer stops. */
  unloading(docName: string): void {
    const entry = this.open.get(docName);
    if (entry) clearInterval(entry.timer);
    this.open.delete(docName);
  }

  /**
   * Takes a snapshot of a meeting's document now (open or not), whether or not it changed:
   * an explicit moment (meeting end, "Versie opslaan", before a restore) is always recorded.
   */
  take(meetingId: string, reason: SnapshotReason, options: { userId?: string | null; label?: string | null } = {}): SnapshotTaken {
    const docName = meetingDocName(meetingId);
    return this.options.readDocument(docName, (doc) => this.snapshotDoc(meetingId, docName, doc, reason, options));
  }

  /** Stops every timer (shutdown). */
  close(): void {
    for (const { timer } of this.open.values()) clearInterval(timer);
    this.open.clear();
  }

  private tick(docName: string): void {
    const entry = this.open.get(docName);
    const parsed = parseDocName(docName);
    if (!entry?.dirty || parsed?.kind !== "meeting") return;
    try {
      this.snapshotDoc(parsed.meetingId, docName, entry.doc, "interval", {});
    } catch (error) {
      // The document itself is safe in the update log; the next tick tries again.
      logger.error(`an interval snapshot of ${docName} failed`, error);
    }
  }

  private snapshotDoc(
    meetingId: string,
    docName: string,
    doc: Y.Doc,
    reason: SnapshotReason,
    options: { userId?: string | null; label?: string | null },
  ): SnapshotTaken {
    const takenAt = new Date();
    const id = insertSnapshot(this.options.sqlite, {
      meetingId,
      docName,
      state: Y.encodeStateAsUpdate(doc),
      reason,
      label: options.label ?? null,
      takenBy: options.userId ?? null,
      takenAt,
    });
    // "Changed since the last snapshot" is this flag: set by every stored update, cleared here.
    const entry = this.open.get(docName);
    if (entry) entry.dirty = false;
    logger.info(`snapshot ${id} of ${docName} (${reason})`);
    return { id, takenAt: takenAt.toISOString() };
  }
}
