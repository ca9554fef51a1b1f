import type SQLite from "better-sqlite3";
import * as Y from "yjs";
import type { Compaction, DocStore, DocWrite, StoredDocument } from "./doc-store";
import { startWalCheckpointer, type WalCheckpointer } from "./wal-checkpointer";

// The DocStore on the embedded SQLite file. Its methods are asynchronous in shape (the
// PostgreSQL one will be) but do their work synchronously with prepared better-sqlite3
// statements: a batch is committed before the call returns, so the core broadcasts it in
// the same event-loop turn. SQLite's own automatic checkpoints are switched off (they ran
// inside a commit now and then, 1–20 ms); a worker thread with its own connection does
// them instead (wal-checkpointer.ts). docs/decisions/002.

interface Statements {
  append: SQLite.Statement<[string, Uint8Array]>;
  claim: SQLite.Statement<[string, number, string]>;
  state: SQLite.Statement<[string], { state: Buffer; version: number }>;
  updates: SQLite.Statement<[string], { id: number; update: Buffer }>;
  owners: SQLite.Statement<[string], { client_id: number; user_id: string }>;
  insertState: SQLite.Statement<[string, Uint8Array, number, string]>;
  replaceState: SQLite.Statement<[Uint8Array, number, number, string, string, number]>;
  deleteCovered: SQLite.Statement<[string, string]>;
}

export interface SqliteDocStoreOptions {
  /** Checkpoint the WAL from a worker thread instead of inside commits (default true; false keeps SQLite's automatic checkpoints). */
  checkpointInWorker?: boolean;
  /** Where a failed checkpoint is reported (the server's logger). */
  onCheckpointError?: (message: string) => void;
}

/** The DocStore on a better-sqlite3 handle (the same handle Kysely uses). */
export class SqliteDocStore implements DocStore {
  private prepared: {
    s: Statements;
    writeBatch: (writes: readonly DocWrite[]) => Array<number | null>;
    compactNow: (docName: string, compaction: Compaction) => { stateVersion: number };
    /** State, log and owners in one read transaction: another process's compaction never falls between them. */
    readNow: (docName: string) => StoredDocument;
  } | null = null;
  private readonly checkpointer: WalCheckpointer | null;

  constructor(
    private readonly sqlite: SQLite.Database,
    options: SqliteDocStoreOptions = {},
  ) {
    const file = sqlite.name;
    const useWorker = (options.checkpointInWorker ?? true) && !sqlite.memory && file !== "" && file !== ":memory:";
    this.checkpointer = useWorker ? startWalCheckpointer(file, { onError: options.onCheckpointError }) : null;
    if (this.checkpointer) sqlite.pragma("wal_autocheckpoint = 0");
  }

  async load(docName: string): Promise<StoredDocument> {
    return this.statements().readNow(docName);
  }

  async appendBatch(writes: readonly DocWrite[]): Promise<Array<number | null>> {
    await this.outsideTransaction();
    return this.statements().writeBatch(writes);
  }

  async compact(docName: string, compaction: Compaction): Promise<{ stateVersion: number }> {
    await this.outsideTransaction();
    return this.statements().compactNow(docName, compaction);
  }

  /** Prepared on first use: the store is made before the migrations that create its tables run. */
  private statements() {
    if (this.prepared) return this.prepared;
    const sqlite = this.sqlite;
    const s: Statements = {
      append: sqlite.prepare('insert into doc_updates (doc_name, "update") values (?, ?)'),
      claim: sqlite.prepare("insert into doc_client_owners (doc_name, client_id, user_id) values (?, ?, ?) on conflict do nothing"),
      state: sqlite.prepare("select state, version from doc_states where doc_name = ?"),
      updates: sqlite.prepare('select id, "update" from doc_updates where doc_name = ? order by id'),
      owners: sqlite.prepare("select client_id, user_id from doc_client_owners where doc_name = ?"),
      insertState: sqlite.prepare("insert into doc_states (doc_name, state, through_update_id, updated_at, version) values (?, ?, ?, ?, 1)"),
      replaceState: sqlite.prepare(
        "update doc_states set state = ?, version = ?, through_update_id = max(through_update_id, ?), updated_at = ? where doc_name = ? and version = ?",
      ),
      // One statement for any number of ids (json_each is SQLite's; the PostgreSQL store uses `= any($2)`).
      deleteCovered: sqlite.prepare("delete from doc_updates where doc_name = ? and id in (select value from json_each(?))"),
    };
    const writeBatch = sqlite.transaction((writes: readonly DocWrite[]) =>
      writes.map((write) => {
        for (const [clientId, userId] of write.newClientOwners ?? []) s.claim.run(write.docName, clientId, userId);
        return write.update ? Number(s.append.run(write.docName, write.update).lastInsertRowid) : null;
      }),
    );
    const compactNow = sqlite.transaction((docName: string, { state, coveredIds, basedOnVersion }: Compaction) => {
      const through = coveredIds.reduce((max, id) => Math.max(max, id), 0);
      const at = new Date().toISOString();
      const stored = s.state.get(docName);
      let stateVersion: number;
      if (!stored) {
        s.insertState.run(docName, state, through, at);
        stateVersion = 1;
      } else {
        // Started from another version: someone else compacted meanwhile; keep both.
        const merged = stored.version === basedOnVersion ? state : Y.mergeUpdates([new Uint8Array(stored.state), state]);
        stateVersion = stored.version + 1;
        s.replaceState.run(merged, stateVersion, through, at, docName, stored.version);
      }
      if (coveredIds.length) s.deleteCovered.run(docName, JSON.stringify(coveredIds));
      return { stateVersion };
    });
    const readNow = sqlite.transaction((docName: string) => readStoredDocument(sqlite, docName, s));
    this.prepared = { s, writeBatch, compactNow, readNow };
    return this.prepared;
  }

  /**
   * Kysely shares this handle. Its transactions await only their own statements, so one is
   * never open when a batch is written; if one ever is, the batch waits rather than joining
   * it (a batch inside someone else's transaction would be rolled back with it, after it
   * had been broadcast).
   */
  private async outsideTransaction(): Promise<void> {
    while (this.sqlite.inTransaction) await new Promise((resolve) => setImmediate(resolve));
  }

  async close(): Promise<void> {
    await this.checkpointer?.stop();
    // Back to SQLite's default, so the checkpoint on close (and any later user of the handle) behaves as usual.
    if (this.sqlite.open) this.sqlite.pragma("wal_autocheckpoint = 1000");
  }
}

/**
 * Reads one document straight from a SQLite file, synchronously: what the crash and
 * persistence tests use to see exactly what is on disk (a second handle, as another
 * process would). The server itself goes through SqliteDocStore.load.
 */
export function readStoredDocument(sqlite: SQLite.Database, docName: string, prepared?: Pick<Statements, "state" | "updates" | "owners">): StoredDocument {
  const s = prepared ?? {
    state: sqlite.prepare<[string], { state: Buffer; version: number }>("select state, version from doc_states where doc_name = ?"),
    updates: sqlite.prepare<[string], { id: number; update: Buffer }>('select id, "update" from doc_updates where doc_name = ? order by id'),
    owners: sqlite.prepare<[string], { client_id: number; user_id: string }>("select client_id, user_id from doc_client_owners where doc_name = ?"),
  };
  const row = s.state.get(docName);
  const rows = s.updates.all(docName);
  const state = row ? new Uint8Array(row.state) : null;
  const updates = rows.map((r) => new Uint8Array(r.update));
  return {
    state,
    stateVersion: row?.version ?? 0,
    updates,
    updateIds: rows.map((r) => r.id),
    clientOwners: new Map(s.owners.all(docName).map((o) => [Number(o.client_id), o.user_id])),
    bytes: (state?.length ?? 0) + updates.reduce((n, u) => n + u.length, 0),
  };
}

/** A stored document applied to a fresh Y.Doc (tests and tools). */
export function storedDocumentAsDoc(stored: StoredDocument): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    if (stored.state) Y.applyUpdate(doc, stored.state);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
  });
  return doc;
}
