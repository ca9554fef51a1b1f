import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import type { StoredDocument } from "../../db/doc-store";
import type { ClientConnection } from "./connection";
import type { CollabDocument } from "./extension";

/** How many logged updates a document may gather before the server compacts its log. */
export const COMPACT_AFTER_UPDATES = 500;

/** The transaction origin of the server's own edits. */
export const SERVER_ORIGIN = Symbol("koers-server");

/** The origin of changes another instance stored (applyStored, refreshFromStore): applied and relayed here, never stored again. */
export const ELSEWHERE_ORIGIN = Symbol("koers-stored-elsewhere");

/** What a SharedDoc tells the core about. */
export interface SharedDocEvents {
  /** The Y.Doc changed (a connection's update or the server's edit): queue it for storing. */
  update(shared: SharedDoc, update: Uint8Array, origin: unknown): void;
  /** Awareness states changed: relay them. */
  awareness(shared: SharedDoc, change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void;
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
  /** The same ids as a set: rows another instance stored may arrive twice (a message and a refresh). */
  private readonly knownIds = new Set<number>();
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
  /**
   * The last person left while a server-side read or edit held the document: the last-left
   * hooks (the "Iedereen vertrok" version) then run when that hold is released.
   */
  everyoneLeftWhileHeld = false;
  compactionScheduled = false;
  /** Until when compaction is not tried again (another instance held the lock). */
  compactionRefusedUntil = 0;

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
    for (const id of stored.updateIds) this.knownIds.add(id);
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
  dropAwarenessStates(clientIds: Iterable<number>, origin: unknown = "server"): void {
    const removed: number[] = [];
    for (const id of clientIds) if (this.awareness.states.delete(id)) removed.push(id);
    if (removed.length) this.awareness.emit("update", [{ added: [], updated: [], removed }, origin]);
  }

  /** Another instance stored log row `id` (`bytes` long) and this document now holds it: a compaction here covers it too. */
  storedElsewhere(id: number | null, bytes: number): void {
    if (id === null || this.knownIds.has(id)) return;
    this.knownIds.add(id);
    this.updateIds.push(id);
    this.updateSizes.push(bytes);
    this.logBytes += bytes;
  }

  /** The document was read from the store again (refreshFromStore) and everything read is applied: adopt its rows and state version. */
  adoptStored(stored: StoredDocument): void {
    stored.updateIds.forEach((id, i) => this.storedElsewhere(id, stored.updates[i]!.length));
    if (stored.stateVersion > this.stateVersion) {
      // The doc now holds that state, so a compaction based on it may replace it.
      this.stateVersion = stored.stateVersion;
      this.stateBytes = stored.state?.length ?? 0;
    }
  }

  /** Another instance compacted: these rows are deleted and their content is in the stored state. */
  forgetCompacted(coveredIds: readonly number[], stateBytes: number): void {
    this.dropIds(coveredIds);
    // The stored state version moved on without this document: its next compaction merges (never overwrites).
    this.stateBytes = stateBytes;
  }

  /** Removes exactly these ids (and their sizes) from the rows this document knows of. */
  private dropIds(ids: readonly number[]): void {
    const gone = new Set(ids);
    if (gone.size === 0) return;
    let write = 0;
    let removedBytes = 0;
    for (let read = 0; read < this.updateIds.length; read++) {
      const id = this.updateIds[read]!;
      if (gone.has(id)) {
        this.knownIds.delete(id);
        removedBytes += this.updateSizes[read]!;
        continue;
      }
      this.updateIds[write] = id;
      this.updateSizes[write] = this.updateSizes[read]!;
      write++;
    }
    this.updateIds.length = write;
    this.updateSizes.length = write;
    this.logBytes -= removedBytes;
  }

  /** A change of `bytes` was applied and queued: it is stored once `committed(seq)` is called. */
  applied(bytes: number): number {
    this.unstoredBytes += bytes;
    return ++this.appliedSeq;
  }

  /** The batch holding change `seq` committed; `id` is its log row (null for a write without update). */
  committed(seq: number, id: number | null, bytes: number): void {
    if (id !== null) {
      this.knownIds.add(id);
      this.updateIds.push(id);
      this.updateSizes.push(bytes);
      this.unstoredBytes -= bytes;
      this.logBytes += bytes;
    }
    if (seq > this.committedSeq) this.committedSeq = seq;
    while (this.waiters.length && this.waiters[0]!.seq <= this.committedSeq) this.waiters.shift()!.resolve();
    if (this.barrier && this.committedSeq === this.appliedSeq) this.releaseBarrier();
  }

  /** A compaction stored a state covering exactly `coveredIds` (now deleted from the log). */
  compacted(coveredIds: readonly number[], stateBytes: number, stateVersion: number): void {
    this.dropIds(coveredIds);
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

  private onAwarenessUpdate = (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void =>
    this.events.awareness(this, change, origin);

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
