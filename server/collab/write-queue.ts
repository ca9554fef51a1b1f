import type { DocStore, DocWrite } from "../../db/doc-store";

// The ordered write queue with group commit (docs/decisions/002). Everything accepted in
// one event-loop turn, across all documents, is written in one transaction at the end of
// the turn (setImmediate runs after the poll phase has read every socket); only then is it
// broadcast and confirmed (`committed`). One batch is in flight at a time, so writes reach
// the store in the order they were accepted; with an asynchronous store, what arrives while
// a batch is in flight forms the next one.

/** One queued write and whatever the caller needs back when it is stored. */
export interface Queued {
  write: DocWrite;
}

export interface WriteQueueHandlers<T extends Queued> {
  /** A batch is stored: `ids[i]` is the log row id of `items[i]` (null without update). */
  committed(items: T[], ids: Array<number | null>): void;
  /** A batch could not be stored (nothing of it was). */
  failed(items: T[], error: Error): void;
  /** `committed` threw: a bug after the data was stored; reported, never taken for a failed write. */
  afterCommitError(error: unknown): void;
}

/** Groups writes per event-loop turn and stores them in order, one transaction per batch. */
export class WriteQueue<T extends Queued> {
  private pending: T[] = [];
  private scheduled = false;
  /** The chain every batch and exclusive task runs on, one after the other. */
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: DocStore,
    private readonly handlers: WriteQueueHandlers<T>,
  ) {}

  /** Adds a write to the current turn's batch. */
  add(item: T): void {
    this.pending.push(item);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  }

  /** Drops queued (not yet started) writes that `drop` selects: their document was discarded. */
  discard(drop: (item: T) => boolean): void {
    this.pending = this.pending.filter((item) => !drop(item));
  }

  /** Runs `task` between batches (compaction): never at the same time as a batch. */
  exclusive<R>(task: () => Promise<R>): Promise<R> {
    return this.chain(task);
  }

  /** Resolves once everything queued so far is stored (or failed). */
  async drain(): Promise<void> {
    if (this.pending.length) this.flush();
    await this.tail;
  }

  /** How many writes wait for the next batch. */
  get waiting(): number {
    return this.pending.length;
  }

  private flush = (): void => {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    void this.chain(async () => {
      let ids: Array<number | null>;
      try {
        ids = await this.store.appendBatch(batch.map((item) => item.write));
      } catch (error) {
        this.handlers.failed(batch, error instanceof Error ? error : new Error(String(error)));
        return;
      }
      this.handlers.committed(batch, ids);
    }).catch((error: unknown) => this.handlers.afterCommitError(error));
  };

  private chain<R>(task: () => Promise<R>): Promise<R> {
    const run = this.tail.then(task);
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}
