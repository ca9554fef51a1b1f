import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { KoersDatabase, OpenDatabaseOptions } from "./database";
import type { Database } from "./schema";
import { SqliteDocStore } from "./sqlite-doc-store";

/** Opens (creating if needed) the SQLite file in WAL mode, with its DocStore on the same handle. */
export async function openSqliteDatabase(databasePath: string, options: OpenDatabaseOptions): Promise<KoersDatabase> {
  if (databasePath !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(databasePath)), { recursive: true });
  const sqlite = new SQLite(databasePath);
  sqlite.pragma("journal_mode = WAL");
  // NORMAL in WAL mode survives a process crash (SIGKILL); only an OS crash can lose the last commits.
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");

  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const docStore = new SqliteDocStore(sqlite, {
    checkpointInWorker: options.checkpointInWorker,
    onCheckpointError: (message) => options.onBackgroundError?.(message),
  });
  let closed = false;
  return {
    dialect: "sqlite",
    db,
    docStore,
    description: `SQLite ${databasePath}`,
    async isReachable() {
      try {
        return sqlite.prepare("select 1 as ok").get() !== undefined;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await docStore.close();
      await db.destroy(); // closes the better-sqlite3 handle too
    },
  };
}
