import pg from "pg";
import { Kysely, PostgresDialect } from "kysely";
import { DatabaseUnavailableError, describeDatabaseLocation, type KoersDatabase, type OpenDatabaseOptions } from "./database";
import { PostgresDocStore } from "./postgres-doc-store";
import type { Database } from "./schema";

// PostgreSQL (DATABASE_URL): Kysely's PostgresDialect on a `pg` pool shared by every
// repository, plus a pool of one connection that only the DocStore writes through
// (docs/decisions/014).

/** Connections of the shared pool when DATABASE_POOL_SIZE is not set. */
export const DEFAULT_POOL_SIZE = 10;
/** How long opening a connection may take before it counts as unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;

const INT8 = 20;
const INT8_ARRAY = 1016;

/** 64-bit integers (ids, counts, Yjs client ids) as numbers, as SQLite gives them; never a rounded one. */
function int8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`a bigint from PostgreSQL does not fit a JavaScript number: ${text}`);
  return n;
}

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    const builtin = pg.types.getTypeParser as (oid: number, format?: "text" | "binary") => (text: string) => unknown;
    if (format !== "binary" && oid === INT8) return int8;
    if (format !== "binary" && oid === INT8_ARRAY) {
      const parseArray = builtin(INT8_ARRAY, "text") as (text: string) => Array<string | null>;
      return (text: string) => parseArray(text).map((v) => (v === null ? null : int8(v)));
    }
    return builtin(oid, format ?? "text");
  }) as pg.CustomTypesConfig["getTypeParser"],
};

/** Opens a pool to the server at `url`, checks that it answers, and builds the DocStore on it. */
export async function openPostgresDatabase(url: string, options: OpenDatabaseOptions): Promise<KoersDatabase> {
  const description = describeDatabaseLocation({ dialect: "postgres", url });
  const config: pg.PoolConfig = { connectionString: url, types, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: "koers" };
  const shared = new pg.Pool({ ...config, max: options.poolSize ?? DEFAULT_POOL_SIZE });
  // Batches and compactions only: a connection that page traffic can never take. Kept open (no idle timeout).
  const writes = new pg.Pool({ ...config, max: 1, idleTimeoutMillis: 0 });
  // A connection that drops while idle (the server restarted) is an 'error' on its pool; unheard, it would end the process.
  for (const pool of [shared, writes]) pool.on("error", (error) => options.onBackgroundError?.(`a PostgreSQL connection failed while idle: ${error.message}`, error));

  try {
    const client = await shared.connect();
    try {
      const { rows } = await client.query<{ version: number }>("select current_setting('server_version_num')::int as version");
      if ((rows[0]?.version ?? 0) < 120000) throw new DatabaseUnavailableError(`${description} is PostgreSQL ${rows[0]?.version}; Koers needs 12 or newer`);
    } finally {
      client.release();
    }
  } catch (error) {
    await Promise.all([shared.end(), writes.end()]).catch(() => {});
    if (error instanceof DatabaseUnavailableError) throw error;
    throw new DatabaseUnavailableError(`${description} cannot be used: ${explainConnectionError(error)}`, { cause: error });
  }

  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: shared }) });
  const docStore = new PostgresDocStore({ writes, reads: shared });
  let closed = false;
  return {
    dialect: "postgres",
    db,
    docStore,
    description,
    async isReachable() {
      try {
        await shared.query("select 1");
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await docStore.close();
      await db.destroy(); // ends the shared pool
      await writes.end();
    },
  };
}

/** What went wrong connecting, in words an administrator can act on. */
function explainConnectionError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  switch (e.code) {
    case "ECONNREFUSED":
      return "nothing accepts connections at that host and port (is PostgreSQL running, and listening there?)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "the host name does not resolve";
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "the host cannot be reached";
    case "28P01":
      return "the password was refused";
    case "28000":
      return "the server refuses this user from this address (pg_hba.conf)";
    case "3D000":
      return "the database does not exist (create it first: createdb <name>)";
    case "42501":
      return "the user may not connect to this database";
    case "53300":
      return "the server has no connections left (max_connections)";
  }
  if (/timeout/i.test(e.message ?? "")) return `no answer within ${CONNECT_TIMEOUT_MS / 1000} s`;
  return e.message ?? String(error);
}
