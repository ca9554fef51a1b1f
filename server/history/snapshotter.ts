import type { Kysely } from "kysely";
import * as Y from "yjs";
import { meetingDocName, parseDocName } from "../../app/collab/protocol";
import { insertSnapshot } from "../../db/snapshots";
import type { Database, SnapshotReason } from "../../db/schema";
import type { CollabDocument, CollabExtension, CollabServerApi, StoredChange } from "../collab/extension";
import { meetingIdOf } from "../collab/extensions/meeting-document";
import { logger } from "../logger";
import type { DocLocks } from "../scale/doc-locks";

/** How often an open meeting document that is being edited gets an `interval` snapshot. */
export const SNAPSHOT_INTERVAL_MS = 10 * 60_000;

export interface SnapshotTaken {
  id: number;
  takenAt: string;
}

/** What the snapshotter needs to know of the other instances (issue #16); absent for one process. */
export interface SnapshotCluster {
  /** Only one instance takes a document's interval snapshot. */
  locks: DocLocks;
  /** Whether another instance still has the document open (then the last person here leaving is not the meeting's last-left moment). */
  openElsewhere(docName: string): Promise<boolean>;
}

/**
 * Takes full encoded states of meeting documents (a collab extension; Y.encodeStateAsUpdate
 * of the live doc, so history does not depend on switching Yjs's garbage collection off):
 * every interval while a document is edited and when its last participant leaves (each
 * only when it changed since the last snapshot), and on request (meeting end, "Versie
 * opslaan", before a restore). Private notes are never snapshotted. With several instances,
 * one interval snapshot per interval is taken (a lock), and the last-left one only when no
 * other instance still has the document open.
 */
export class Snapshotter implements CollabExtension {
  readonly name = "snapshotter";
  /** Open meeting documents that changed: their interval timer and whether they changed since the last snapshot. */
  private readonly open = new Map<string, { timer: NodeJS.Timeout; document: CollabDocument; dirty: boolean }>();
  private server: CollabServerApi | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    /** Interval between `interval` snapshots (default SNAPSHOT_INTERVAL_MS; tests shorten it). */
    private readonly intervalMs = SNAPSHOT_INTERVAL_MS,
    private readonly cluster: SnapshotCluster | null = null,
  ) {}

  onConfigure(server: CollabServerApi): void {
    this.server = server;
  }

  afterStore({ document, changed }: StoredChange): void {
    if (!changed || meetingIdOf(document) === null) return;
    const entry = this.open.get(document.name);
    if (entry) {
      entry.dirty = true;
      return;
    }
    const timer = setInterval(() => void this.tick(document.name), this.intervalMs);
    timer.unref();
    this.open.set(document.name, { timer, document, dirty: true });
  }

  /** The last participant left: a snapshot unless nothing changed since the last one. */
  async onLastLeft(document: CollabDocument): Promise<void> {
    const meetingId = meetingIdOf(document);
    if (meetingId === null || !this.open.get(document.name)?.dirty) return;
    if (this.cluster && (await this.cluster.openElsewhere(document.name))) return;
    await this.store(meetingId, document.name, Y.encodeStateAsUpdate(document.doc), "lastLeft", {});
  }

  /** The document leaves memory: its timer stops. */
  beforeUnloadDocument(document: CollabDocument): void {
    const entry = this.open.get(document.name);
    if (entry?.document !== document) return;
    clearInterval(entry.timer);
    this.open.delete(document.name);
  }

  onDestroy(): void {
    for (const { timer } of this.open.values()) clearInterval(timer);
    this.open.clear();
  }

  /**
   * Takes a snapshot of a meeting's document now (open or not), whether or not it changed:
   * an explicit moment (meeting end, "Versie opslaan", before a restore) is always recorded.
   * `options.state` is a state the caller read itself (a restore reads it in the same step as
   * its edit, so that nothing can arrive in between); otherwise the document is read now.
   */
  async take(meetingId: string, reason: SnapshotReason, options: { userId?: string | null; label?: string | null; state?: Uint8Array } = {}): Promise<SnapshotTaken> {
    if (!this.server) throw new Error("the snapshotter is not part of a collab server");
    const docName = meetingDocName(meetingId);
    const state = options.state ?? (await this.server.readDocument(docName, (doc) => Y.encodeStateAsUpdate(doc)));
    return this.store(meetingId, docName, state, reason, options);
  }

  private async tick(docName: string): Promise<void> {
    const entry = this.open.get(docName);
    const parsed = parseDocName(docName);
    if (!entry?.dirty || parsed?.kind !== "meeting") return;
    try {
      // Another instance took this interval's snapshot already: the lock is left to run out, as the mark of it.
      if (this.cluster && !(await this.cluster.locks.tryLock(`snapshot:${docName}`, this.intervalMs * 0.9))) return;
      await this.store(parsed.meetingId, docName, Y.encodeStateAsUpdate(entry.document.doc), "interval", {});
    } catch (error) {
      // The document itself is safe in the update log; the next tick tries again.
      logger.error(`an interval snapshot of ${docName} failed`, error);
    }
  }

  private async store(
    meetingId: string,
    docName: string,
    state: Uint8Array,
    reason: SnapshotReason,
    options: { userId?: string | null; label?: string | null },
  ): Promise<SnapshotTaken> {
    // "Changed since the last snapshot" is this flag: set by every stored change, cleared here
    // (before the insert: a change during it marks the document again).
    const entry = this.open.get(docName);
    if (entry) entry.dirty = false;
    const takenAt = new Date();
    try {
      const id = await insertSnapshot(this.db, { meetingId, docName, state, reason, label: options.label ?? null, takenBy: options.userId ?? null, takenAt });
      logger.info(`snapshot ${id} of ${docName} (${reason})`);
      return { id, takenAt: takenAt.toISOString() };
    } catch (error) {
      if (entry) entry.dirty = true;
      throw error;
    }
  }
}
