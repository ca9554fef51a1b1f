import type { Kysely } from "kysely";
import { readAgreements } from "../../app/editor/read-fields";
import { syncMeetingAgreements } from "../../db/agreements";
import { findMeeting } from "../../db/meetings";
import type { Database } from "../../db/schema";
import type { CollabDocument, CollabExtension, StoredChange } from "../collab/extension";
import { meetingIdOf } from "../collab/extensions/meeting-document";
import { logger } from "../logger";

/** How long after a change a document's agreements are read (the table is at most this far behind). */
export const AGREEMENT_SYNC_DELAY_MS = 300;

/**
 * Keeps the agreements table in step with the meeting documents (a collab extension): the
 * first stored change after a read schedules the next read (a throttle, not a debounce:
 * two people typing all the time must not postpone it forever), which reads the
 * `agreements` field with the shared Tiptap schema and writes the table. When a document
 * is unloaded intact, a pending read happens at once; after a failed write it is dropped
 * (memory is not the truth then). Per update the cost is one map lookup.
 */
export class AgreementIndexer implements CollabExtension {
  readonly name = "agreement-indexer";
  private readonly pending = new Map<CollabDocument, NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly db: Kysely<Database>,
    /** Told after the table changed, so open dashboards and reviews can refresh. */
    private readonly onChanged: (pairId: string, meetingId: string) => void,
  ) {}

  afterStore({ document, changed }: StoredChange): void {
    if (!changed || this.pending.has(document) || meetingIdOf(document) === null) return;
    const timer = setTimeout(() => void this.flush(document), AGREEMENT_SYNC_DELAY_MS);
    timer.unref();
    this.pending.set(document, timer);
  }

  async beforeUnloadDocument(document: CollabDocument, intact: boolean): Promise<void> {
    if (intact) await this.flush(document);
    else this.forget(document);
  }

  async onDestroy(): Promise<void> {
    await Promise.all([...this.running]);
  }

  /** Reads a document's agreements now if a read is pending. */
  private flush(document: CollabDocument): Promise<void> {
    const timer = this.pending.get(document);
    if (!timer) return Promise.resolve();
    clearTimeout(timer);
    this.pending.delete(document);
    const run = this.index(document).finally(() => this.running.delete(run));
    this.running.add(run);
    return run;
  }

  private forget(document: CollabDocument): void {
    const timer = this.pending.get(document);
    if (timer) clearTimeout(timer);
    this.pending.delete(document);
  }

  private async index(document: CollabDocument): Promise<void> {
    const meetingId = meetingIdOf(document);
    if (meetingId === null) return;
    try {
      // Read synchronously, before any await: the document may leave memory afterwards.
      const agreements = readAgreements(document.doc).flatMap((a) => (a.id ? [{ ...a, id: a.id }] : []));
      const meeting = await findMeeting(this.db, meetingId);
      if (!meeting) return; // a document without a meeting row (should not exist) has no table rows
      const { changed } = await syncMeetingAgreements(this.db, { id: meetingId, pairId: meeting.pair_id }, agreements);
      if (changed > 0) this.onChanged(meeting.pair_id, meetingId);
    } catch (error) {
      // The document is safe (it is the source of truth); the table catches up on the next change.
      logger.error(`reading the agreements of ${document.name} failed`, error);
    }
  }
}
