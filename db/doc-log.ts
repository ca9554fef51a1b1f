import type SQLite from "better-sqlite3";

// The collaboration hot path uses better-sqlite3's synchronous prepared statements
// instead of Kysely: an update must be on disk before it is broadcast, and a
// synchronous write keeps that order without queueing (see docs/decisions/002).

interface Statements {
  append: SQLite.Statement<[string, Uint8Array]>;
  state: SQLite.Statement<[string], { state: Buffer; through_update_id: number }>;
  updatesAfter: SQLite.Statement<[string, number], { id: number; update: Buffer }>;
  upsertState: SQLite.Statement<[string, Uint8Array, number, string]>;
  trim: SQLite.Statement<[string, number]>;
}

const cache = new WeakMap<SQLite.Database, Statements>();

function statements(sqlite: SQLite.Database): Statements {
  let s = cache.get(sqlite);
  if (!s) {
    s = {
      append: sqlite.prepare("insert into doc_updates (doc_name, \"update\") values (?, ?)"),
      state: sqlite.prepare("select state, through_update_id from doc_states where doc_name = ?"),
      updatesAfter: sqlite.prepare(
        "select id, \"update\" from doc_updates where doc_name = ? and id > ? order by id",
      ),
      upsertState: sqlite.prepare(
        `insert into doc_states (doc_name, state, through_update_id, updated_at) values (?, ?, ?, ?)
         on conflict (doc_name) do update set state = excluded.state,
           through_update_id = excluded.through_update_id, updated_at = excluded.updated_at`,
      ),
      trim: sqlite.prepare("delete from doc_updates where doc_name = ? and id <= ?"),
    };
    cache.set(sqlite, s);
  }
  return s;
}

/** Everything stored for one document: its compacted state (if any) and the log after it. */
export interface StoredDoc {
  state: Uint8Array | null;
  updates: Uint8Array[];
  lastUpdateId: number;
}

/** Reads a document's compacted state and the updates logged after it, in order. */
export function readStoredDoc(sqlite: SQLite.Database, docName: string): StoredDoc {
  const s = statements(sqlite);
  const row = s.state.get(docName);
  const through = row?.through_update_id ?? 0;
  const rows = s.updatesAfter.all(docName, through);
  return {
    state: row ? new Uint8Array(row.state) : null,
    updates: rows.map((r) => new Uint8Array(r.update)),
    lastUpdateId: rows.length ? rows[rows.length - 1]!.id : through,
  };
}

/** Appends one update to the document's log and returns its id; throws when the write fails. */
export function appendDocUpdate(sqlite: SQLite.Database, docName: string, update: Uint8Array): number {
  return Number(statements(sqlite).append.run(docName, update).lastInsertRowid);
}

/**
 * Stores a compacted state that covers the log up to `throughUpdateId` and trims those
 * log rows, in one transaction: a crash leaves either the old log or the new state.
 */
export function storeCompactedState(
  sqlite: SQLite.Database,
  docName: string,
  state: Uint8Array,
  throughUpdateId: number,
): void {
  const s = statements(sqlite);
  sqlite.transaction(() => {
    s.upsertState.run(docName, state, throughUpdateId, new Date().toISOString());
    s.trim.run(docName, throughUpdateId);
  })();
}
