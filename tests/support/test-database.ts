import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { sql, type Kysely, type RawBuilder } from "kysely";
import { openDatabase, parseDatabaseLocation, type KoersDatabase, type OpenDatabaseOptions } from "../../db/database";
import { dialectOf, type Dialect } from "../../db/dialect";
import type { StoredDocument } from "../../db/doc-store";

// The database the tests run on. The suite runs twice (vitest.config.ts: one project per
// database): on SQLite files in temp folders, and with KOERS_TEST_DATABASE=postgres on a
// throwaway PostgreSQL server (tests/support/postgres-global-setup.ts starts it). Every
// tempDatabase() is a database of its own on either: a new file, or a new PostgreSQL
// database copied from a migrated template (a few milliseconds).

/** Which database this test run uses. */
export const TEST_DIALECT: Dialect = process.env.KOERS_TEST_DATABASE === "postgres" ? "postgres" : "sqlite";

/** The PostgreSQL database fresh test databases are copied from (made once per run by the global setup). */
export const TEMPLATE_DATABASE_ENV = "KOERS_TEST_POSTGRES_TEMPLATE";

let counter = 0;

/**
 * A fresh database for one test, as a location for openDatabase / startKoersServer: a SQLite
 * path in a new temp folder, or the URL of a PostgreSQL database that the helpers here
 * create on first use (prepareTestDatabase). Synchronous, so it can be a default parameter.
 */
export function tempDatabase(): string {
  if (TEST_DIALECT === "sqlite") return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "koers-test-")), "koers.sqlite");
  const url = new URL(postgresServerUrl());
  url.pathname = `/koers_t_${process.env.KOERS_TEST_RUN ?? "run"}_${process.pid}_${++counter}`;
  return url.toString();
}

/** The test PostgreSQL server's maintenance URL (set by the global setup, or by you: KOERS_TEST_POSTGRES_URL). */
export function postgresServerUrl(): string {
  const url = process.env.KOERS_TEST_POSTGRES_URL;
  if (!url) throw new Error("KOERS_TEST_DATABASE=postgres needs the PostgreSQL test server: run through Vitest (its global setup starts one) or set KOERS_TEST_POSTGRES_URL");
  return url;
}

const prepared = new Set<string>();
let maintenance: pg.Pool | null = null;

/** Makes sure a location from tempDatabase() exists: on PostgreSQL, creates its database from the template. */
export async function prepareTestDatabase(location: string): Promise<void> {
  const where = parseDatabaseLocation(location);
  if (where.dialect === "sqlite" || prepared.has(location)) return;
  const name = new URL(where.url).pathname.slice(1);
  if (!/^koers_t_\w+$/.test(name)) return; // not one of ours: used as it is
  maintenance ??= new pg.Pool({ connectionString: postgresServerUrl(), max: 1, allowExitOnIdle: true });
  const template = process.env[TEMPLATE_DATABASE_ENV];
  const exists = await maintenance.query("select 1 from pg_database where datname = $1", [name]);
  if (exists.rowCount === 0) await maintenance.query(`create database "${name}"${template ? ` template "${template}"` : ""}`);
  prepared.add(location);
}

/** Drops a PostgreSQL test database made by prepareTestDatabase (a server of your own keeps nothing of a run). */
export async function dropTestDatabase(location: string): Promise<void> {
  const where = parseDatabaseLocation(location);
  if (where.dialect === "sqlite") return;
  const name = new URL(where.url).pathname.slice(1);
  if (!/^koers_t_\w+$/.test(name)) return;
  maintenance ??= new pg.Pool({ connectionString: postgresServerUrl(), max: 1, allowExitOnIdle: true });
  await maintenance.query(`drop database if exists "${name}" with (force)`);
  prepared.delete(location);
}

/** Opens a test database (creating it on PostgreSQL when needed) with its migrations run. */
export async function openTestDatabase(location: string = tempDatabase(), options: OpenDatabaseOptions = {}): Promise<KoersDatabase> {
  await prepareTestDatabase(location);
  return openDatabase(location, { checkpointInWorker: false, ...options });
}

/**
 * Reads one document as it is stored now, over a connection of its own (what another
 * process, or the restarted server, would find): the crash and persistence checks.
 */
export async function readStoredDocumentAt(location: string, docName: string): Promise<StoredDocument> {
  const database = await openDatabase(location, { migrate: false, checkpointInWorker: false });
  try {
    return await database.docStore.load(docName);
  } finally {
    await database.close();
  }
}

/**
 * Reads one document as it is stored now through a Kysely instance (a server's own
 * `services.db`): the same tables the DocStore writes, read with portable queries.
 */
export async function readStoredDocumentFrom(db: Kysely<any>, docName: string): Promise<StoredDocument & { throughUpdateId: number }> {
  const state = await db.selectFrom("doc_states").select(["state", "version", "through_update_id"]).where("doc_name", "=", docName).executeTakeFirst();
  const rows = await db.selectFrom("doc_updates").select(["id", "update"]).where("doc_name", "=", docName).orderBy("id").execute();
  const owners = await db.selectFrom("doc_client_owners").select(["client_id", "user_id"]).where("doc_name", "=", docName).execute();
  const updates = rows.map((r) => new Uint8Array(r.update as Uint8Array));
  const bytes = state ? new Uint8Array(state.state as Uint8Array) : null;
  return {
    state: bytes,
    stateVersion: Number(state?.version ?? 0),
    throughUpdateId: Number(state?.through_update_id ?? 0),
    updates,
    updateIds: rows.map((r) => Number(r.id)),
    clientOwners: new Map(owners.map((o) => [Number(o.client_id), String(o.user_id)])),
    bytes: (bytes?.length ?? 0) + updates.reduce((n, u) => n + u.length, 0),
  };
}

/** The rows of a query written with Kysely's sql`…` (its ${values} become parameters on either database). */
export async function sqlRows<T = Record<string, unknown>>(db: Kysely<any>, query: RawBuilder<unknown>): Promise<T[]> {
  return (await (query as RawBuilder<T>).execute(db)).rows;
}

/** The first row of a query, or undefined. */
export async function sqlRow<T = Record<string, unknown>>(db: Kysely<any>, query: RawBuilder<unknown>): Promise<T | undefined> {
  return (await sqlRows<T>(db, query))[0];
}

/** Runs a statement (update, insert, delete) and returns how many rows it changed. */
export async function sqlRun(db: Kysely<any>, query: RawBuilder<unknown>): Promise<number> {
  return Number((await query.execute(db)).numAffectedRows ?? 0);
}

/**
 * Makes the database refuse new log rows (of one document, or of all), as a full disk
 * would: a trigger, so the failure is a real one from the database.
 */
export async function refuseDocUpdates(db: Kysely<any>, docName?: string): Promise<void> {
  const which = docName === undefined ? sql`true` : sql`new.doc_name = ${sql.lit(docName)}`;
  if (dialectOf(db) === "sqlite") {
    await sql`create trigger refuse_doc_updates before insert on doc_updates when ${which} begin select raise(abort, 'disk full'); end`.execute(db);
    return;
  }
  await sql`create function refuse_doc_updates() returns trigger language plpgsql as $$ begin if ${which} then raise exception 'disk full'; end if; return new; end $$`.execute(db);
  await sql`create trigger refuse_doc_updates before insert on doc_updates for each row execute function refuse_doc_updates()`.execute(db);
}

export { sql };

/** A query written with `?` placeholders, as SQLite's prepare takes it, for either database. */
export function sqlText(text: string, ...params: unknown[]): RawBuilder<unknown> {
  const parts = text.split("?");
  if (parts.length - 1 !== params.length) throw new Error(`${parts.length - 1} placeholders but ${params.length} values in: ${text}`);
  return sql(Object.assign([...parts], { raw: parts }) as unknown as TemplateStringsArray, ...params);
}

/** Rows that reference a missing row: SQLite checks foreign keys per connection (pragma); PostgreSQL always enforces them. */
export async function foreignKeyViolations(db: Kysely<any>): Promise<unknown[]> {
  if (dialectOf(db) !== "sqlite") return [];
  return sqlRows(db, sql`pragma foreign_key_check`);
}
