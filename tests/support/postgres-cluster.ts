import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port";

// A throwaway PostgreSQL server for tests: Debian's `postgresql` binaries, a fresh cluster
// in a temp folder, a free port on 127.0.0.1, trust authentication, no fsync (the benchmark
// and the crash script keep it: `durable`). `initdb` refuses to run as root, so as root the
// cluster belongs to the `postgres` user and its server process runs as that user.
// KOERS_TEST_POSTGRES_URL points the tests at a server of your own instead.

/** Where Debian (and most Linux packages) put the server binaries, newest first. */
const BIN_DIRS = ["/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/14/bin"];

export const POSTGRES_MISSING =
  "PostgreSQL is needed for these tests and none was found.\n" +
  "  On Debian/Ubuntu:  sudo apt-get install -y postgresql   (the tests start their own throwaway server)\n" +
  "  Elsewhere:         put initdb and pg_ctl on PATH, or set KOERS_TEST_POSTGRES_URL=postgres://user@host:port/db\n" +
  "                     (a server where that user may create databases)";

/** The folder holding initdb and pg_ctl, or null when PostgreSQL is not installed. */
export function postgresBinDir(): string | null {
  for (const dir of BIN_DIRS) if (fs.existsSync(path.join(dir, "initdb"))) return dir;
  try {
    const initdb = execFileSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" }).trim();
    return initdb ? path.dirname(initdb) : null;
  } catch {
    return null;
  }
}

export interface PostgresCluster {
  /** postgres://… of the `postgres` database; create your own databases in it. */
  url: string;
  /** The postmaster's process id (its backends are its children). */
  pid: number;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** As root: the `postgres` user's ids, so the server's own process runs as it (a signal then reaches PostgreSQL itself, not a wrapper). */
function postgresUser(): { uid: number; gid: number } | null {
  if (!isRoot()) return null;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

/** Runs a PostgreSQL binary, as the `postgres` user when we are root. */
function runAs(binDir: string, command: string, args: string[]): void {
  execFileSync(path.join(binDir, command), args, { stdio: "pipe", ...(postgresUser() ?? {}) });
}

export interface PostgresClusterOptions {
  /**
   * Keep PostgreSQL's own durability (fsync, synchronous commit): what a real installation
   * runs with. The benchmark measures with it; the tests, which kill Koers and never
   * PostgreSQL, run without it for speed.
   */
  durable?: boolean;
  /** Wraps the server's command line (the benchmark pins it to the server's core with taskset). */
  wrap?: (command: string, args: string[]) => { command: string; args: string[] };
}

/** Starts a fresh cluster on a free port and waits until it accepts connections. */
export async function startPostgresCluster(options: PostgresClusterOptions = {}): Promise<PostgresCluster> {
  const binDir = postgresBinDir();
  if (!binDir) throw new Error(POSTGRES_MISSING);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "koers-pg-"));
  const dataDir = path.join(dir, "data");
  const socketDir = path.join(dir, "socket");
  fs.mkdirSync(socketDir);
  if (isRoot()) execFileSync("chown", ["-R", "postgres:postgres", dir]);
  fs.chmodSync(dir, 0o755);
  runAs(binDir, "initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]);
  const port = await freePort();
  const serverArgs = [
    "-D", dataDir,
    "-p", String(port),
    "-c", "listen_addresses=127.0.0.1",
    "-c", `unix_socket_directories=${socketDir}`,
    // A test server: speed over durability (the crash tests kill Koers, not PostgreSQL).
    ...(options.durable ? [] : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]),
    "-c", "max_connections=300",
  ];
  const line = options.wrap ? options.wrap(path.join(binDir, "postgres"), serverArgs) : { command: path.join(binDir, "postgres"), args: serverArgs };
  const child: ChildProcess = spawn(line.command, line.args, { stdio: ["ignore", "ignore", "pipe"], ...(postgresUser() ?? {}) });
  let log = "";
  child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitUntilReady(binDir, port, () => log, child);
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        child.kill("SIGINT"); // "fast" shutdown
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilReady(binDir: string, port: number, log: () => string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`PostgreSQL exited at start:\n${log()}`);
    try {
      execFileSync(path.join(binDir, "pg_isready"), ["-h", "127.0.0.1", "-p", String(port), "-q"], { stdio: "ignore" });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within 30 s:\n${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
