import type SQLite from "better-sqlite3";
import type * as Y from "yjs";
import { parseDocName } from "../../app/collab/protocol";
import { readAgreements } from "../../app/editor/read-fields";
import { syncMeetingAgreements } from "../../db/agreements";
import { findMeetingPairId } from "../../db/meetings";
import { logger } from "../logger";

/** How long after a change a document's agreements are read (the table is at most this far behind). */
export const AGREEMENT_SYNC_DELAY_MS = 300;

/**
 * Keeps the agreements table in step with the meeting documents: the first change after a
 * read schedules the next read (a throttle, not a debounce: two people typing all the time
 * must not postpone it forever), which reads the `agreements` field with the shared Tiptap
 * schema and writes the table. When a document is unloaded, a pending read happens at once.
 * Per update the cost is one map lookup.
 */
export class AgreementIndexer {
  private readonly pending = new Map<string, { doc: Y.Doc; timer: NodeJS.Timeout }>();

  constructor(
    private readonly sqlite: SQLite.Database,
    /** Told after the table changed, so open dashboards and reviews can refresh. */
    private readonly onChanged: (pairId: string, meetingId: string) => void,
  ) {}

  /** A document changed: read its agreements soon (a read already scheduled will see this change too). */
  changed(docName: string, doc: Y.Doc): void {
    if (this.pending.has(docName) || parseDocName(docName)?.kind !== "meeting") return;
    const timer = setTimeout(() => this.flush(docName), AGREEMENT_SYNC_DELAY_MS);
    timer.unref();
    this.pending.set(docName, { doc, timer });
  }

  /** Reads a document's agreements now if a read is pending (before it is unloaded). */
  flush(docName: string): void {
    const entry = this.pending.get(docName);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(docName);
    this.index(docName, entry.doc);
  }

  /** Drops a pending read without doing it (a write failed: memory is not the truth then). */
  forget(docName: string): void {
    const entry = this.pending.get(docName);
    if (entry) clearTimeout(entry.timer);
    this.pending.delete(docName);
  }

  private index(docName: string, doc: Y.Doc): void {
    const parsed = parseDocName(docName);
    if (parsed?.kind !== "meeting") return;
    try {
      const pairId = findMeetingPairId(this.sqlite, parsed.meetingId);
      if (!pairId) return; // a document without a meeting row (should not exist) has no table rows
      const agreements = readAgreements(doc).flatMap((a) => (a.id ? [{ ...a, id: a.id }] : []));
      const { changed } = syncMeetingAgreements(this.sqlite, { id: parsed.meetingId, pairId }, agreements);
      if (changed > 0) this.onChanged(pairId, parsed.meetingId);
    } catch (error) {
      // The document is safe (it is the source of truth); the table catches up on the next change.
      logger.error(`reading the agreements of ${docName} failed`, error);
    }
  }
}
