import type pg from "pg";
import * as Y from "yjs";
import type { Compaction, DocStore, DocWrite, StoredDocument } from "./doc-store";

// The DocStore on PostgreSQL (docs/decisions/014). The core's write queue hands it one
// batch at a time (everything accepted in one event-loop turn); a batch is ONE statement
// (a data-modifying CTE over unnest()ed arrays), so it commits on its own in one round
// trip, atomically, with a statement text that never changes and is prepared once. The
// batches go over a connection of their own (`writes`, a pool of one), so page traffic
// on the shared pool never delays a keystroke's commit. Loads read the state, the log and
// the client-id owners in one statement (one snapshot: a compaction by another instance
// cannot fall between them).

/** One round trip: new client-id owners and new log rows, all or nothing. */
const APPEND = {
  name: "koers_doc_append",
  text: `with claimed as (
    insert into doc_client_owners (doc_name, client_id, user_id)
    select * from unnest($1::text[], $2::bigint[], $3::text[])
    on conflict do nothing
  )
  insert into doc_updates (doc_name, "update")
  select w.doc_name, w.bytes from unnest($4::text[], $5::bytea[]) with ordinality as w(doc_name, bytes, n) order by w.n
  returning id`,
};

/** The whole stored document in one snapshot: state, log ids and updates in order, owners. */
const LOAD = {
  name: "koers_doc_load",
  text: `select
    (select state from doc_states where doc_name = $1) as state,
    (select version from doc_states where doc_name = $1) as version,
    array(select id from doc_updates where doc_name = $1 order by id) as ids,
    array(select "update" from doc_updates where doc_name = $1 order by id) as updates,
    array(select client_id from doc_client_owners where doc_name = $1 order by client_id) as client_ids,
    array(select user_id from doc_client_owners where doc_name = $1 order by client_id) as user_ids`,
};

interface LoadRow {
  state: Buffer | null;
  version: number | null;
  ids: Array<number | string>;
  updates: Buffer[];
  client_ids: Array<number | string>;
  user_ids: string[];
}

export interface PostgresDocStoreOptions {
  /** The pool batches and compactions use: one connection, the store's alone. */
  writes: pg.Pool;
  /** The pool loads use (the app's shared pool). */
  reads: pg.Pool;
}

/** The DocStore on PostgreSQL: one statement per batch over its own connection. */
export class PostgresDocStore implements DocStore {
  private readonly writes: pg.Pool;
  private readonly reads: pg.Pool;

  constructor(options: PostgresDocStoreOptions) {
    this.writes = options.writes;
    this.reads = options.reads;
  }

  async load(docName: string): Promise<StoredDocument> {
    const { rows } = await this.reads.query<LoadRow>({ ...LOAD, values: [docName] });
    const row = rows[0]!;
    const state = row.state ? new Uint8Array(row.state) : null;
    const updates = row.updates.map((u) => new Uint8Array(u));
    return {
      state,
      stateVersion: row.version ?? 0,
      updates,
      updateIds: row.ids.map(Number),
      clientOwners: new Map(row.client_ids.map((id, i) => [Number(id), row.user_ids[i]!])),
      bytes: (state?.length ?? 0) + updates.reduce((n, u) => n + u.length, 0),
    };
  }

  async appendBatch(writes: readonly DocWrite[]): Promise<Array<number | null>> {
    const ownerDocs: string[] = [];
    const ownerIds: number[] = [];
    const ownerUsers: string[] = [];
    const updateDocs: string[] = [];
    const updates: Uint8Array[] = [];
    for (const write of writes) {
      for (const [clientId, userId] of write.newClientOwners ?? []) {
        ownerDocs.push(write.docName);
        ownerIds.push(clientId);
        ownerUsers.push(userId);
      }
      if (write.update) {
        updateDocs.push(write.docName);
        updates.push(write.update);
      }
    }
    const { rows } = await this.writes.query<{ id: number | string }>({ ...APPEND, values: [ownerDocs, ownerIds, ownerUsers, updateDocs, updates] });
    // Identity values are drawn in the order the rows are inserted (order by n), so the
    // ascending ids belong to the updates in the order they were given.
    const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    if (ids.length !== updates.length) throw new Error(`stored ${ids.length} of ${updates.length} updates`);
    let next = 0;
    return writes.map((write) => (write.update ? ids[next++]! : null));
  }

  async compact(docName: string, { state, coveredIds, basedOnVersion }: Compaction): Promise<{ stateVersion: number }> {
    const client = await this.writes.connect();
    try {
      await client.query("begin");
      const through = coveredIds.reduce((max, id) => Math.max(max, id), 0);
      const at = new Date().toISOString();
      let stateVersion: number | null = null;
      // Two instances compacting a new document at once: one inserts, the other finds its row and merges.
      for (let attempt = 0; stateVersion === null && attempt < 3; attempt++) {
        const stored = await client.query<{ state: Buffer; version: number }>("select state, version from doc_states where doc_name = $1 for update", [docName]);
        const row = stored.rows[0];
        if (!row) {
          const inserted = await client.query(
            "insert into doc_states (doc_name, state, through_update_id, updated_at, version) values ($1, $2, $3, $4, 1) on conflict (doc_name) do nothing",
            [docName, state, through, at],
          );
          if (inserted.rowCount === 1) stateVersion = 1;
          continue;
        }
        // Started from another version: someone else compacted meanwhile; keep both.
        const merged = row.version === basedOnVersion ? state : Y.mergeUpdates([new Uint8Array(row.state), state]);
        stateVersion = row.version + 1;
        await client.query(
          "update doc_states set state = $1, version = $2, through_update_id = greatest(through_update_id, $3), updated_at = $4 where doc_name = $5",
          [merged, stateVersion, through, at, docName],
        );
      }
      if (stateVersion === null) throw new Error(`could not compact ${docName}: its state row kept changing`);
      if (coveredIds.length) await client.query("delete from doc_updates where doc_name = $1 and id = any($2::bigint[])", [docName, coveredIds]);
      await client.query("commit");
      client.release();
      return { stateVersion };
    } catch (error) {
      // A connection that cannot even roll back is broken: it leaves the pool.
      const rolledBack = await client.query("rollback").then(
        () => true,
        () => false,
      );
      client.release(rolledBack ? undefined : true);
      throw error;
    }
  }

  /** Nothing runs in the background; the pools are closed by the database that owns them. */
  async close(): Promise<void> {}
}
