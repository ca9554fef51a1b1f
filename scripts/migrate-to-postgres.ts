// `npm run migrate-to-postgres -- <sqlite file> <postgres://…>`: moves an installation from
// its SQLite file to an empty PostgreSQL database, and proves the copy (README "Running on
// PostgreSQL"). Stop Koers first. The SQLite file is only read (after the migrations this
// version of Koers would run on it at start anyway); nothing is written to PostgreSQL unless
// all of it is: every table is copied in ONE transaction, checked inside it (row counts and
// every row's content, table by table), and committed only when both sides agree. Then every
// document is loaded through both DocStores, as the server would, and its Yjs state compared.
import crypto from "node:crypto";
import fs from "node:fs";
import * as Y from "yjs";
import { sql, type Kysely, type Transaction } from "kysely";
import { describeDatabaseLocation, knownMigrationNames, migrateToLatest, openDatabase, parseDatabaseLocation, type KoersDatabase } from "../db/database";
import { ERASED_ACCOUNT_ID } from "../db/erased-account";
import type { StoredDocument } from "../db/doc-store";

/** Rows per INSERT (a statement may carry at most 65,535 parameters). */
const BATCH_ROWS = 500;

const args = process.argv.slice(2);
if (args.length !== 2 || parseDatabaseLocation(args[0]!).dialect !== "sqlite" || parseDatabaseLocation(args[1]!).dialect !== "postgres") {
  console.error("usage: npm run migrate-to-postgres -- <sqlite file> <postgres://user:password@host:5432/database>");
  process.exit(2);
}
const [sqliteFile, postgresUrl] = args as [string, string];
if (!fs.existsSync(sqliteFile)) {
  console.error(`There is no SQLite file at ${sqliteFile}.`);
  process.exit(2);
}

const started = Date.now();
const say = (line: string) => console.log(line);
let source: KoersDatabase | null = null;
let target: KoersDatabase | null = null;
try {
  source = await openDatabase(sqliteFile, { migrate: false, checkpointInWorker: false });
  await bringSourceUpToDate(source.db);
  target = await openDatabase(postgresUrl);
  say(`from ${describeDatabaseLocation(sqliteFile)}`);
  say(`to   ${target.description}`);

  const tables = await copyOrder(source.db, target.db);
  const copied = await copyEverything(source.db, target.db, tables);
  say(`copied and checked ${tables.length} tables in one transaction (row counts and every row equal):`);
  for (const { table, rows } of copied) say(`  ${table.padEnd(20)} ${String(rows).padStart(9)} row${rows === 1 ? "" : "s"}`);

  const documents = await compareDocuments(source, target);
  say(`documents: ${documents} loaded through both stores, every one's Yjs state equal`);
  say(`done in ${((Date.now() - started) / 1000).toFixed(1)} s. Start Koers with DATABASE_URL set to this database; the data in ${sqliteFile} was not changed: keep it as a backup.`);
} catch (error) {
  console.error(`\nNOT migrated: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await target?.close();
  await source?.close();
}

/** The source must be this version's schema: older is migrated (what starting Koers would do), newer is refused. */
async function bringSourceUpToDate(db: Kysely<any>): Promise<void> {
  const known = knownMigrationNames();
  const applied = await db
    .selectFrom("kysely_migration")
    .select("name")
    .execute()
    .then((rows) => rows.map((r) => String(r.name)))
    .catch(() => {
      throw new Error(`${sqliteFile} is not a Koers database (it has no migrations table)`);
    });
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length) throw new Error(`${sqliteFile} was made by a newer Koers (migrations ${unknown.join(", ")}); migrate with that version`);
  const pending = known.filter((name) => !applied.includes(name));
  if (pending.length) {
    say(`the SQLite file is ${pending.length} migration(s) behind: running them first, as starting Koers would (${pending.join(", ")})`);
    await migrateToLatest(db);
  }
}

/** The tables to copy, parents before children (foreign keys), after checking both databases have the same ones. */
async function copyOrder(from: Kysely<any>, to: Kysely<any>): Promise<string[]> {
  const names = async (db: Kysely<any>) =>
    (await db.introspection.getTables()).filter((t) => !t.name.startsWith("kysely_") && (t.schema === undefined || t.schema === "public")).map((t) => t.name).sort();
  const [fromTables, toTables] = await Promise.all([names(from), names(to)]);
  if (fromTables.join() !== toTables.join()) throw new Error(`the tables differ: SQLite has ${fromTables.join(", ")}; PostgreSQL has ${toTables.join(", ")}`);
  const { rows: references } = await sql<{ child: string; parent: string }>`
    select distinct tc.table_name as child, ccu.table_name as parent
    from information_schema.table_constraints tc
    join information_schema.constraint_column_usage ccu using (constraint_schema, constraint_name)
    where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = 'public'`.execute(to);
  const order: string[] = [];
  const visit = (table: string, path: string[]) => {
    if (order.includes(table)) return;
    if (path.includes(table)) throw new Error(`the foreign keys form a cycle: ${[...path, table].join(" → ")}`);
    for (const { parent } of references.filter((r) => r.child === table && r.parent !== table)) visit(parent, [...path, table]);
    order.push(table);
  };
  for (const table of fromTables) visit(table, []);
  return order;
}

/** Copies every table in one PostgreSQL transaction (inside one SQLite read transaction) and checks it before committing. */
async function copyEverything(from: Kysely<any>, to: Kysely<any>, tables: string[]): Promise<Array<{ table: string; rows: number }>> {
  return from.transaction().execute((reading) =>
    to.transaction().execute(async (writing) => {
      // Rows the migrations add themselves (the erased account, migration 012) are in both
      // databases: the copy brings the file's own. Rolled back with everything when refused.
      await writing.deleteFrom("users").where("id", "=", ERASED_ACCOUNT_ID).execute();
      const empty = await Promise.all(tables.map(async (table) => ({ table, rows: await countRows(writing, table) })));
      const used = empty.filter((t) => t.rows > 0);
      if (used.length) throw new Error(`the PostgreSQL database is not empty (${used.map((t) => `${t.table}: ${t.rows} rows`).join(", ")}); give an empty one`);
      const copied: Array<{ table: string; rows: number }> = [];
      // The rows are copied as they are: triggers (agreement history, migration 012) would add
      // rows the file already has. Off for this transaction only.
      for (const table of tables) await sql`alter table ${sql.table(table)} disable trigger user`.execute(writing);
      for (const table of tables) copied.push({ table, rows: await copyTable(reading, writing, table) });
      for (const table of tables) await sql`alter table ${sql.table(table)} enable trigger user`.execute(writing);
      await continueIdentities(reading, writing);
      for (const { table, rows } of copied) {
        const there = await countRows(writing, table);
        if (there !== rows) throw new Error(`${table}: ${rows} rows read, ${there} in PostgreSQL`);
        const [a, b] = [await tableDigest(reading, table), await tableDigest(writing, table)];
        if (a !== b) throw new Error(`${table}: the rows in PostgreSQL differ from the SQLite file`);
      }
      return copied;
    }),
  );
}

async function countRows(db: Kysely<any>, table: string): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Copies one table in batches, in rowid order; returns how many rows. */
async function copyTable(from: Transaction<any>, to: Transaction<any>, table: string): Promise<number> {
  let last = -Number.MAX_SAFE_INTEGER;
  let count = 0;
  for (;;) {
    const { rows } = await sql<Record<string, unknown>>`select rowid as koers_copy_rowid, * from ${sql.table(table)} where rowid > ${last} order by rowid limit ${BATCH_ROWS}`.execute(from);
    if (rows.length === 0) return count;
    last = Number(rows[rows.length - 1]!.koers_copy_rowid);
    const values = rows.map(({ koers_copy_rowid: _, ...row }) => row);
    await to.insertInto(table).values(values).execute();
    count += rows.length;
  }
}

/**
 * Identity columns (doc_updates.id, snapshots.id) go on after the highest id SQLite ever
 * gave out (its sqlite_sequence, which also remembers deleted rows), so no id is used twice.
 */
async function continueIdentities(from: Transaction<any>, to: Transaction<any>): Promise<void> {
  const { rows: identities } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns where table_schema = 'public' and is_identity = 'YES'`.execute(to);
  const { rows: sequences } = await sql<{ name: string; seq: number }>`select name, seq from sqlite_sequence`.execute(from).catch(() => ({ rows: [] }));
  for (const { table_name: table, column_name: column } of identities) {
    const highest = await to.selectFrom(table).select((eb) => eb.fn.max(column).as("max")).executeTakeFirstOrThrow();
    const next = Math.max(Number(highest.max ?? 0), Number(sequences.find((s) => s.name === table)?.seq ?? 0));
    if (next > 0) await sql`select setval(pg_get_serial_sequence(${table}, ${column}), ${next})`.execute(to);
  }
}

/** A fingerprint of a table's content, the same on both databases: every row, values normalised, in one order. */
async function tableDigest(db: Transaction<any>, table: string): Promise<string> {
  const hash = crypto.createHash("sha256");
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
  const lines = rows.map((row) =>
    JSON.stringify(
      Object.keys(row)
        .sort()
        .map((k) => {
          const v = row[k];
          return [k, v instanceof Uint8Array ? `bytes:${Buffer.from(v).toString("base64")}` : v === null ? null : typeof v === "number" || typeof v === "bigint" ? `n:${Number(v)}` : `s:${String(v)}`];
        }),
    ),
  );
  // Sorted here, not by the databases: then no collation can order them differently.
  for (const line of lines.sort()) hash.update(line).update("\n");
  return hash.digest("hex");
}

/** Loads every document through both DocStores (as each server would) and compares the Yjs states. Returns how many. */
async function compareDocuments(from: KoersDatabase, to: KoersDatabase): Promise<number> {
  const { rows } = await sql<{ doc_name: string }>`
    select doc_name from doc_updates union select doc_name from doc_states union select doc_name from doc_client_owners order by doc_name`.execute(from.db);
  for (const { doc_name: name } of rows) {
    const [a, b] = [await from.docStore.load(name), await to.docStore.load(name)];
    const [sa, sb] = [encodedState(a), encodedState(b)];
    if (!Buffer.from(sa).equals(Buffer.from(sb))) throw new Error(`document ${name}: its state in PostgreSQL differs from the SQLite file`);
    const owners = (d: StoredDocument) => JSON.stringify([...d.clientOwners].sort((x, y) => x[0] - y[0]));
    if (owners(a) !== owners(b)) throw new Error(`document ${name}: its client-id owners differ`);
  }
  return rows.length;
}

function encodedState(stored: StoredDocument): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    if (stored.state) Y.applyUpdate(doc, stored.state);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
  });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}
