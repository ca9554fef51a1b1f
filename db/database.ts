import { Migrator, type Kysely, type MigrationProvider } from "kysely";
import type { Database } from "./schema";
import type { Dialect } from "./dialect";
import type { DocStore } from "./doc-store";
import { migrations } from "./migrations/index";

// Where Koers keeps everything: an embedded SQLite file (the default) or a PostgreSQL
// server (DATABASE_URL). openDatabase gives one object for either: the typed Kysely
// instance every repository takes, and the DocStore the collaboration core writes to.
// Only db/sqlite-*.ts touch better-sqlite3 and only db/postgres-*.ts touch pg
// (docs/decisions/014).

/** A SQLite file, or a PostgreSQL server by its postgres:// URL. */
export type DatabaseLocation = { dialect: "sqlite"; path: string } | { dialect: "postgres"; url: string };

/** A postgres:// or postgresql:// URL is PostgreSQL; anything else is the path of a SQLite file. */
export function parseDatabaseLocation(value: string): DatabaseLocation {
  return /^postgres(?:ql)?:\/\//i.test(value) ? { dialect: "postgres", url: value } : { dialect: "sqlite", path: value };
}

/** The location as logs may show it: the path, or the URL without its password. */
export function describeDatabaseLocation(location: string | DatabaseLocation): string {
  const where = typeof location === "string" ? parseDatabaseLocation(location) : location;
  if (where.dialect === "sqlite") return `SQLite ${where.path}`;
  try {
    const url = new URL(where.url);
    if (url.password) url.password = "***";
    return `PostgreSQL ${url.toString()}`;
  } catch {
    return "PostgreSQL (an unreadable URL)";
  }
}

export interface OpenDatabaseOptions {
  /** Run pending migrations (default true; tools that only read pass false). */
  migrate?: boolean;
  /** PostgreSQL: connections in the shared pool (default 10); the DocStore has one more of its own. */
  poolSize?: number;
  /** SQLite: checkpoint the WAL from a worker thread (default true). */
  checkpointInWorker?: boolean;
  /** Where background failures go (an idle connection dropped, a failed checkpoint): the server's logger. */
  onBackgroundError?: (message: string, error?: unknown) => void;
}

/** An open database, whichever it is. */
export interface KoersDatabase {
  readonly dialect: Dialect;
  /** The typed Kysely instance every repository takes. */
  readonly db: Kysely<Database>;
  /** The collaboration core's storage on this database. */
  readonly docStore: DocStore;
  /** Where it is, as logs may show it (no password). */
  readonly description: string;
  /** True when a trivial query succeeds: what /healthz reports. */
  isReachable(): Promise<boolean>;
  /** Stops the DocStore's background work and closes every connection (idempotent). */
  close(): Promise<void>;
}

/** The database could not be opened: unreachable, refused the login, missing. The message says which, for an administrator. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

const staticMigrations: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Opens a database (a SQLite path or a postgres:// URL; a SQLite file is created when
 * missing) and runs every pending migration. Throws DatabaseUnavailableError when a
 * PostgreSQL server cannot be reached or refuses.
 */
export async function openDatabase(location: string | DatabaseLocation, options: OpenDatabaseOptions = {}): Promise<KoersDatabase> {
  const where = typeof location === "string" ? parseDatabaseLocation(location) : location;
  // Imported when chosen: a PostgreSQL installation never loads the SQLite driver, and back.
  const opened =
    where.dialect === "postgres"
      ? await (await import("./postgres-database")).openPostgresDatabase(where.url, options)
      : await (await import("./sqlite-database")).openSqliteDatabase(where.path, options);
  if (options.migrate === false) return opened;
  try {
    await migrateToLatest(opened.db);
  } catch (error) {
    await opened.close();
    throw error;
  }
  return opened;
}

/** Runs every pending migration (on PostgreSQL under an advisory lock, so instances starting together take turns). */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: staticMigrations }).migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === "Error") console.error(`migration ${r.migrationName} failed`);
  }
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** The names of the migrations this version of Koers knows, in order. */
export function knownMigrationNames(): string[] {
  return Object.keys(migrations);
}
