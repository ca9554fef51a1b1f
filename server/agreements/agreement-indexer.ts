import type { Kysely } from "kysely";
import type * as Y from "yjs";
import { MeetingField } from "../../app/collab/protocol";
import { readAgreements } from "../../app/editor/read-fields";
import { syncMeetingAgreements } from "../../db/agreements";
import { listGoalsOfPair } from "../../db/goals";
import { findMeeting } from "../../db/meetings";
import type { Database } from "../../db/schema";
import type { CollabDocument, CollabExtension, StoredChange } from "../collab/extension";
import { meetingIdOf } from "../collab/extensions/meeting-document";
import { logger } from "../logger";

/** How long after a change a document's agreements are read (the table is at most this far behind). */
export const AGREEMENT_SYNC_DELAY_MS = 300;

/**
 * Keeps the agreements table in step with the meeting documents (a collab extension): the
 * first stored change of the `agreements` field after a read schedules the next read (a throttle, not a debounce:
 * two people typing all the time must not postpone it forever), which reads the
 * `agreements` field with the shared Tiptap schema and writes the table. When a document
 * is unloaded intact, a pending read happens at once; after a failed write it is dropped
 * (memory is not the truth then). Per update the cost is one map lookup.
 */
export class AgreementIndexer implements CollabExtension {
  readonly name = "agreement-indexer";
  private readonly pending = new Map<CollabDocument, NodeJS.Timeout>();
  /** Documents whose agreements field changed since their last read was scheduled. */
  private readonly touched = new WeakSet<CollabDocument>();
  /** Per open document: its pair, and the agreements as last written to the table (skip when unchanged). */
  private readonly indexed = new WeakMap<CollabDocument, { pairId: string; written: string }>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly db: Kysely<Database>,
    /** Told after the table changed, so open dashboards and reviews can refresh. */
    private readonly onChanged: (pairId: string, meetingId: string) => void,
  ) {}

  onLoadDocument(document: CollabDocument): void {
    if (meetingIdOf(document) === null) return;
    // The first change after a load reads once anyway: the table catches up with whatever it missed.
    this.touched.add(document);
    // Typing in the notes or the agenda needs no read: only transactions that reach the agreements field do.
    document.doc.on("afterTransaction", (transaction: Y.Transaction) => {
      // `changed`: items added or removed in the field itself; `changedParentTypes`: anything deeper.
      const field = document.doc.share.get(MeetingField.agreements);
      if (field && (transaction.changed.has(field) || transaction.changedParentTypes.has(field))) this.touched.add(document);
    });
  }

  afterStore({ document, changed }: StoredChange): void {
    if (!changed || this.pending.has(document) || !this.touched.has(document)) return;
    this.touched.delete(document);
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
      // Most changes are typing elsewhere (notes, agenda): the table is not touched then.
      const written = JSON.stringify(agreements);
      const known = this.indexed.get(document);
      if (known?.written === written) return;
      const pairId = known?.pairId ?? (await findMeeting(this.db, meetingId))?.pair_id;
      if (!pairId) return; // a document without a meeting row (should not exist) has no table rows
      // A goalId is any client's writing: only a goal of this pair is a link (another pair's or a made-up id is none).
      const goalIds = agreements.some((a) => a.goalId) ? new Set((await listGoalsOfPair(this.db, pairId)).map((g) => g.id)) : new Set<string>();
      const linked = agreements.map((a) => ({ ...a, goalId: a.goalId && goalIds.has(a.goalId) ? a.goalId : null }));
      const { changed } = await syncMeetingAgreements(this.db, { id: meetingId, pairId }, linked);
      this.indexed.set(document, { pairId, written });
      if (changed > 0) this.onChanged(pairId, meetingId);
    } catch (error) {
      // The document is safe (it is the source of truth); the table catches up on the next change.
      logger.error(`reading the agreements of ${document.name} failed`, error);
    }
  }
}
