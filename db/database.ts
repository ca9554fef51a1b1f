import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from "kysely";
import type { Database } from "./schema";
import { migrations } from "./migrations/index";

/** An open database: the typed Kysely instance and the raw handle for synchronous hot paths. */
export interface KoersDatabase {
  db: Kysely<Database>;
  sqlite: SQLite.Database;
  close(): Promise<void>;
}

const staticMigrations: MigrationProvider = { getMigrations: async () => migrations };

/** Opens (creating if needed) the SQLite file in WAL mode and runs every pending migration. */
export async function openDatabase(databasePath: string): Promise<KoersDatabase> {
  if (databasePath !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(databasePath)), { recursive: true });
  const sqlite = new SQLite(databasePath);
  sqlite.pragma("journal_mode = WAL");
  // NORMAL in WAL mode survives a process crash (SIGKILL); only an OS crash can lose the last commits.
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");

  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error, results } = await new Migrator({ db, provider: staticMigrations }).migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === "Error") console.error(`migration ${r.migrationName} failed`);
  }
  if (error) {
    await db.destroy();
    throw error instanceof Error ? error : new Error(String(error));
  }

  let closed = false;
  return {
    db,
    sqlite,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy(); // closes the better-sqlite3 handle too
    },
  };
}

/** True when a trivial query succeeds: what /healthz reports. */
export function isDatabaseReachable(sqlite: SQLite.Database): boolean {
  try {
    return sqlite.prepare("select 1 as ok").get() !== undefined;
  } catch {
    return false;
  }
}
