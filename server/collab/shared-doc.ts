import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import type { StoredDocument } from "../../db/doc-store";
import type { ClientConnection } from "./connection";
import type { CollabDocument } from "./extension";

/** How many logged updates a document may gather before the server compacts its log. */
export const COMPACT_AFTER_UPDATES = 500;

/** The transaction origin of the server's own edits. */
export const SERVER_ORIGIN = Symbol("koers-server");

/** What a SharedDoc tells the core about. */
export interface SharedDocEvents {
  /** The Y.Doc changed (a connection's update or the server's edit): queue it for storing. */
  update(shared: SharedDoc, update: Uint8Array, origin: unknown): void;
  /** Awareness states changed: relay them. */
  awareness(shared: SharedDoc, changed: number[]): void;
  /** Client-id owners to store in the next batch. */
  owners(shared: SharedDoc, owners: ReadonlyArray<readonly [number, string]>): void;
}

/**
 * One document held in memory while anyone has it open: the Y.Doc, its awareness, its
 * connections, and what of it is stored. Changes are applied at once but count as stored
 * only when their batch committed (`committedSeq`); anything that sends document state to
 * a client waits for that (withStoredState), so nobody sees what the store lacks.
 */
export class SharedDoc implements CollabDocument {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<ClientConnection>();

  /** Log row ids (and their sizes) stored for this document and not yet covered by a compaction. */
  readonly updateIds: number[] = [];
  readonly updateSizes: number[] = [];
  stateVersion = 0;
  stateBytes = 0;
  /** Bytes of updates accepted but not yet committed (counted at once for the size limit). */
  private unstoredBytes = 0;
  private logBytes = 0;

  /** Sequence numbers of changes applied and committed. */
  appliedSeq = 0;
  committedSeq = 0;
  private readonly waiters: Array<{ seq: number; resolve: () => void; reject: (error: Error) => void }> = [];
  /** Messages held while a task waits for the stored state, in arrival order. */
  private readonly inbox: Array<() => void> = [];
  private barrier: (() => void) | null = null;

  /** Set when a write failed: memory may hold what the store does not. */
  failed: Error | null = null;
  /**
   * open → unloading (stored, compacted; a connection arriving now takes it back to open)
   * → closing (the unload hooks run; no way back) → destroyed.
   */
  phase: "open" | "unloading" | "closing" | "destroyed" = "open";
  /** editDocument/readDocument calls using the document; it is unloaded only when none remain and nobody is connected. */
  holds = 0;
  compactionScheduled = false;

  /** Awareness relay bookkeeping (awareness-relay.ts). */
  relay: { lastAt: number; pending: Set<number> | null; timer: NodeJS.Timeout | null } = { lastAt: -Infinity, pending: null, timer: null };

  constructor(
    readonly name: string,
    private readonly events: SharedDocEvents,
  ) {
    this.awareness.setLocalState(null); // the server itself is not a participant
    this.doc.on("update", this.onUpdate);
    this.awareness.on("update", this.onAwarenessUpdate);
  }

  /** Fills the doc from what the store returned, before any client is answered. */
  fill(stored: StoredDocument): void {
    // One transaction for the whole log: Yjs cleans up once instead of once per update.
    // Not recorded as a change: it is what the store holds.
    this.doc.off("update", this.onUpdate);
    try {
      this.doc.transact(() => {
        if (stored.state) Y.applyUpdate(this.doc, stored.state);
        for (const update of stored.updates) Y.applyUpdate(this.doc, update);
      });
    } finally {
      this.doc.on("update", this.onUpdate);
    }
    this.stateVersion = stored.stateVersion;
    this.stateBytes = stored.state?.length ?? 0;
    this.updateIds.push(...stored.updateIds);
    for (const u of stored.updates) this.updateSizes.push(u.length);
    this.logBytes = stored.updates.reduce((n, u) => n + u.length, 0);
  }

  get storedBytes(): number {
    return this.stateBytes + this.logBytes + this.unstoredBytes;
  }

  /** How many log rows the next compaction would cover. */
  get loggedSinceCompaction(): number {
    return this.updateIds.length;
  }

  editAsServer(edit: (doc: Y.Doc) => void): void {
    this.doc.transact(() => edit(this.doc), SERVER_ORIGIN);
  }

  recordClientOwners(owners: ReadonlyArray<readonly [number, string]>): void {
    if (owners.length) this.events.owners(this, owners);
  }

  /**
   * Removes awareness states (a connection closed) without moving their clocks: other
   * clients still take the removal (same clock, no state), and the owner's next state on
   * reconnecting, one clock later, is accepted instead of looking like an old echo.
   */
  dropAwarenessStates(clientIds: Iterable<number>): void {
    const removed: number[] = [];
    for (const id of clientIds) if (this.awareness.states.delete(id)) removed.push(id);
    if (removed.length) this.awareness.emit("update", [{ added: [], updated: [], removed }, "server"]);
  }

  /** A change of `bytes` was applied and queued: it is stored once `committed(seq)` is called. */
  applied(bytes: number): number {
    this.unstoredBytes += bytes;
    return ++this.appliedSeq;
  }

  /** The batch holding change `seq` committed; `id` is its log row (null for a write without update). */
  committed(seq: number, id: number | null, bytes: number): void {
    if (id !== null) {
      this.updateIds.push(id);
      this.updateSizes.push(bytes);
      this.unstoredBytes -= bytes;
      this.logBytes += bytes;
    }
    if (seq > this.committedSeq) this.committedSeq = seq;
    while (this.waiters.length && this.waiters[0]!.seq <= this.committedSeq) this.waiters.shift()!.resolve();
    if (this.barrier && this.committedSeq === this.appliedSeq) this.releaseBarrier();
  }

  /** A compaction stored a state covering the first `count` logged rows. */
  compacted(count: number, stateBytes: number, stateVersion: number): void {
    this.updateIds.splice(0, count);
    const sizes = this.updateSizes.splice(0, count);
    this.logBytes -= sizes.reduce((n, s) => n + s, 0);
    this.stateBytes = stateBytes;
    this.stateVersion = stateVersion;
  }

  /** Resolves once every change applied so far is stored; rejects if a write failed. */
  stored(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.committedSeq >= this.appliedSeq) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ seq: this.appliedSeq, resolve, reject }));
  }

  /**
   * Runs `task` (in order with this document's other messages) as soon as the document
   * holds nothing that is not stored: the answer to a sync step 1 or a read sends document
   * state, and what is not stored must not leave the server. Messages that arrive while
   * it waits are held behind it, so it cannot be starved by a stream of new updates.
   */
  withStoredState(task: () => void): void {
    this.dispatch(() => {
      if (this.committedSeq === this.appliedSeq) return task();
      this.barrier = task;
    });
  }

  /** Runs a message's handling now, or after the messages held before it. */
  dispatch(handle: () => void): void {
    if (this.barrier || this.inbox.length) this.inbox.push(handle);
    else handle();
  }

  /** A write failed: waiters are told, held messages dropped (the connections are being closed). */
  fail(error: Error): void {
    this.failed = error;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    this.barrier = null;
    this.inbox.length = 0;
  }

  private releaseBarrier(): void {
    const task = this.barrier!;
    this.barrier = null;
    task();
    while (!this.barrier && this.inbox.length) this.inbox.shift()!();
  }

  private onUpdate = (update: Uint8Array, origin: unknown): void => this.events.update(this, update, origin);

  private onAwarenessUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }): void =>
    this.events.awareness(this, added.concat(updated, removed));

  /** Stops listening and frees the Y.Doc. */
  destroy(): void {
    this.phase = "destroyed";
    if (this.relay.timer) clearTimeout(this.relay.timer);
    this.doc.off("update", this.onUpdate);
    this.awareness.off("update", this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
