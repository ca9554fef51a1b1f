// Where the collaboration core keeps its documents: an append-only log of Yjs updates per
// document, a compacted state, and which account owns which Yjs client id. An interface
// so that SQLite (sqlite-doc-store.ts) and PostgreSQL are two implementations of it; the
// core (server/collab/) knows only this file. See docs/decisions/002.

/** Everything stored for one document, as `load` returns it. */
export interface StoredDocument {
  /** The compacted state (Y.encodeStateAsUpdate), or null when the document was never compacted. */
  state: Uint8Array | null;
  /** The version of that state (0 when there is none); `compact` is told which one it started from. */
  stateVersion: number;
  /** The log rows the state does not cover, in the order they were appended. */
  updates: Uint8Array[];
  /** Their row ids, in the same order. */
  updateIds: number[];
  /** Yjs client id → the account that owns it in this document. */
  clientOwners: Map<number, string>;
  /** Bytes stored for the document: state plus log (what a size limit counts). */
  bytes: number;
}

/** One write of a batch: an update to append, and/or client ids first used by an account. */
export interface DocWrite {
  docName: string;
  /** The update to append to the log; null when the write only records client-id owners. */
  update: Uint8Array | null;
  /** Client ids this write uses for the first time, with the account that owns them from now on. */
  newClientOwners?: ReadonlyArray<readonly [clientId: number, userId: string]>;
}

/** What `compact` is asked to store. */
export interface Compaction {
  /** The whole document (Y.encodeStateAsUpdate of the live doc). */
  state: Uint8Array;
  /** The log rows whose updates the state holds: exactly these are deleted, never "everything up to". */
  coveredIds: readonly number[];
  /** The state version the live doc started from (load or the last compaction): another version is merged, not overwritten. */
  basedOnVersion: number;
}

/** The storage behind the collaboration core. Every method is one transaction. */
export interface DocStore {
  /** Reads a document: its state, the log after it and the client-id owners. */
  load(docName: string): Promise<StoredDocument>;
  /**
   * Stores a batch of writes, across documents, in one transaction (all or nothing), in
   * order. Resolves with the new log row id of each write (null for a write without update).
   */
  appendBatch(writes: readonly DocWrite[]): Promise<Array<number | null>>;
  /**
   * Stores a compacted state and deletes exactly the log rows it covers. When the stored
   * state is not the version the caller started from (another writer compacted
   * meanwhile), the two states are merged, so neither writer's updates are lost.
   * Resolves with the new state version.
   */
  compact(docName: string, compaction: Compaction): Promise<{ stateVersion: number }>;
  /** Stops background work (checkpoints); the database handle itself is closed by its owner. */
  close(): Promise<void>;
}
