import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startPostgresCluster } from "./postgres-cluster";
import { startRedisServer, type RedisServer } from "./redis-server";
import { ServerProcess } from "./server-process";
import { startTcpBalancer, type TcpBalancer } from "./tcp-balancer";

// Several Koers instances as an institute runs them (issue #16, README "Running for an
// institute"): production server processes on one shared database and one Redis, behind a
// load balancer that passes websockets. The same services as docker-compose.yml, started by hand.

/** The database every instance of a cluster uses. */
export interface SharedDatabase {
  /** What each instance's environment needs to use it. */
  env: Record<string, string>;
  description: string;
  stop(): Promise<void>;
}

/** One SQLite file in WAL mode, shared by the instances' processes on this machine. */
export async function sharedSqliteFile(): Promise<SharedDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "koers-cluster-"));
  return { env: { DATABASE_PATH: path.join(dir, "koers.sqlite") }, description: "one SQLite file (WAL)", stop: async () => {} };
}

/**
 * A throwaway PostgreSQL (Debian's, started by postgres-cluster.ts) with a fresh database,
 * given to the instances as DATABASE_URL. Only for a Koers that reads DATABASE_URL (issue #15).
 */
export async function sharedPostgresDatabase(): Promise<SharedDatabase> {
  const server = process.env.KOERS_TEST_POSTGRES_URL ? null : await startPostgresCluster();
  const adminUrl = process.env.KOERS_TEST_POSTGRES_URL ?? server!.url;
  const name = `koers_cluster_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { env: { DATABASE_URL: url.toString() }, description: "one PostgreSQL database", stop: async () => server?.stop() };
}

/**
 * THE database of the two-instance tests: a PostgreSQL database in the suite's `postgres`
 * project (as an institute runs it), one SQLite file shared by the processes in the `sqlite` one.
 */
export const clusterDatabase: () => Promise<SharedDatabase> = process.env.KOERS_TEST_DATABASE === "postgres" ? sharedPostgresDatabase : sharedSqliteFile;

/** Fixed, so a session cookie made by one instance is valid on every other. */
export const CLUSTER_SESSION_SECRET = "koers-cluster-session-secret-0123456789abcdef";

export interface Cluster {
  redis: RedisServer;
  database: SharedDatabase;
  /** The instances, in the order the balancer tries them. */
  instances: ServerProcess[];
  /** The one address clients use. */
  balancer: TcpBalancer;
  /** Starts one more instance on the same database and Redis (not behind the balancer). */
  startInstance(): Promise<ServerProcess>;
  stop(): Promise<void>;
}

/** Starts Redis, `count` production instances on one database, and a balancer in front of them. */
export async function startCluster({ count = 2, env = {} }: { count?: number; env?: Record<string, string> } = {}): Promise<Cluster> {
  const redis = await startRedisServer();
  const database = await clusterDatabase();
  const extra: ServerProcess[] = [];
  const startInstance = () =>
    ServerProcess.start(() => ({ ...database.env, REDIS_URL: redis.url, SESSION_SECRET: CLUSTER_SESSION_SECRET, ...env }));
  const instances: ServerProcess[] = [];
  // One after the other: the first runs the migrations, the others find them done.
  for (let i = 0; i < count; i++) instances.push(await startInstance());
  const balancer = await startTcpBalancer(instances.map((i) => i.port));
  return {
    redis,
    database,
    instances,
    balancer,
    async startInstance() {
      const instance = await startInstance();
      extra.push(instance);
      return instance;
    },
    async stop() {
      await balancer.close();
      await Promise.all([...instances, ...extra].map((i) => i.stop("SIGKILL")));
      await redis.stop();
      await database.stop();
    },
  };
}
