import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startPostgresCluster, type PostgresCluster } from "../tests/support/postgres-cluster";
import { onServerCore } from "./cpu-affinity";
import { cpuSeconds } from "./proc-stats";

// The database the benchmark's Koers servers run on: BENCH_DATABASE=postgres for PostgreSQL,
// else a SQLite file. PostgreSQL is a throwaway server started here with its full durability
// (fsync and synchronous commits, as an installation runs it), on the server's core next to
// Koers: the server side of the measurement is Koers plus its database. Every Koers start
// gets a database of its own. BENCH_POSTGRES_URL uses a server of yours instead.

export type BenchDatabaseKind = "sqlite" | "postgres";

/** Which database the bench runs Koers on (BENCH_DATABASE). */
export function benchDatabaseKind(): BenchDatabaseKind {
  const kind = process.env.BENCH_DATABASE ?? "sqlite";
  if (kind !== "sqlite" && kind !== "postgres") throw new Error(`BENCH_DATABASE must be sqlite or postgres, not ${kind}`);
  return kind;
}

let cluster: PostgresCluster | null = null;
let counter = 0;

/** A fresh database for one Koers server: a SQLite path, or the URL of a new PostgreSQL database. */
export async function freshBenchDatabase(kind: BenchDatabaseKind): Promise<string> {
  if (kind === "sqlite") return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "koers-bench-")), "koers.sqlite");
  let server = process.env.BENCH_POSTGRES_URL;
  if (!server) {
    cluster ??= await startPostgresCluster({ durable: true, wrap: onServerCore });
    server = cluster.url;
  }
  const name = `koers_bench_${process.pid}_${++counter}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The CPU seconds the throwaway PostgreSQL used so far (the postmaster, its backends, and those it reaped), or null without one. */
export function databaseCpuSeconds(): number | null {
  if (!cluster) return null;
  const root = cluster.pid;
  let total = cpuSeconds(root, { withReapedChildren: true });
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === root) total += cpuSeconds(Number(entry));
    } catch {
      // it ended meanwhile
    }
  }
  return total;
}

/** Stops the throwaway PostgreSQL, if one was started. */
export async function stopBenchDatabase(): Promise<void> {
  await cluster?.stop();
  cluster = null;
}
