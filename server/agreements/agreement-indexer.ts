import type SQLite from "better-sqlite3";
import type * as Y from "yjs";
import { parseDocName } from "../../app/collab/protocol";
import { readAgreements } from "../../app/editor/read-fields";
import { syncMeetingAgreements } from "../../db/agreements";
import { logger } from "../logger";

/** How long after the last change a document's agreements are read again (at most this far behind). */
export const AGREEMENT_SYNC_DELAY_MS = 300;

/**
 * Keeps the agreements table in step with the meeting documents: after a document changes,
 * its `agreements` field is read with the shared Tiptap schema (debounced) and written to
 * the table. When a document is unloaded, it is read at once.
 */
export class AgreementIndexer {
  private readonly pending = new Map<string, { doc: Y.Doc; timer: NodeJS.Timeout }>();
  private readonly pairOf: SQLite.Statement<[string], { pair_id: string }>;

  constructor(
    private readonly sqlite: SQLite.Database,
    /** Told after the table changed, so open dashboards and reviews can refresh. */
    private readonly onChanged: (pairId: string, meetingId: string) => void,
  ) {
    this.pairOf = sqlite.prepare("select pair_id from meetings where id = ?");
  }

  /** A document changed: read its agreements soon. */
  changed(docName: string, doc: Y.Doc): void {
    if (parseDocName(docName)?.kind !== "meeting") return;
    const existing = this.pending.get(docName);
    if (existing) clearTimeout(existing.timer);
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

  /** Reads every pending document now (shutdown). */
  flushAll(): void {
    for (const docName of [...this.pending.keys()]) this.flush(docName);
  }

  private index(docName: string, doc: Y.Doc): void {
    const parsed = parseDocName(docName);
    if (parsed?.kind !== "meeting") return;
    try {
      const pairId = this.pairOf.get(parsed.meetingId)?.pair_id;
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
