import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { freePort } from "../tests/support/free-port";
import { benchSessionSecret, removeKoersAccess, seedKoersAccess } from "./access";
import { onServerCore } from "./cpu-affinity";
import { benchDatabaseKind, freshBenchDatabase } from "./database";

/** A server under test running as a child process. */
export interface ServerChild {
  kind: "koers" | "reference";
  port: number;
  pid: number;
  /** ws:// base; a room's document lives at `${wsBase}/yjs/<docName>`. */
  wsBase: string;
  stop(): Promise<void>;
}

/** Builds `dist/server.js` with `npm run build` when it is missing. */
export function ensureBuilt(): void {
  if (fs.existsSync("dist/server.js")) return;
  const result = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("npm run build failed");
}

/** Where a Koers bench server keeps its data and whom it shares the live work with (the two-instance fan-out). */
export interface KoersPlacement {
  /** A database another bench server already uses (a SQLite path or a postgres:// URL); a fresh one when absent. */
  database?: string;
  sessionSecret?: string;
  redisUrl?: string;
}

/** Starts the production Koers server on a free port with a fresh database (SQLite, or PostgreSQL with BENCH_DATABASE=postgres) or the given one, on the server's core. */
export async function startKoers(extraNodeArgs: string[] = [], placement: KoersPlacement = {}): Promise<ServerChild & { database: string }> {
  const kind = benchDatabaseKind();
  const database = placement.database ?? (await freshBenchDatabase(kind));
  const port = await freePort();
  const sessionSecret = placement.sessionSecret ?? benchSessionSecret();
  // --expose-gc lets the bench-only heap hook (KOERS_BENCH_HOOKS) collect before it measures.
  const { command, args } = onServerCore(process.execPath, ["--expose-gc", ...extraNodeArgs, "dist/server.js"]);
  const child = spawn(command, args, {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      ...(kind === "postgres" ? { DATABASE_URL: database } : { DATABASE_PATH: database }),
      SESSION_SECRET: sessionSecret,
      // The bench measures throughput from one account on hundreds of connections: the limits
      // that stop one person's floods (messages, bytes, connections per session) would cut it off.
      YJS_MESSAGE_BURST: "1000000",
      YJS_MESSAGES_PER_SECOND: "1000000",
      YJS_CONNECTIONS_PER_SESSION: "100000",
      YJS_WRITE_BYTES_PER_MINUTE: String(2 ** 40),
      YJS_MAX_DOCUMENT_BYTES: String(2 ** 40),
      KOERS_BENCH_HOOKS: "1",
      KOERS_LOG: "1",
      ...(placement.redisUrl ? { REDIS_URL: placement.redisUrl } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
    cwd: process.cwd(),
  });
  await waitFor(child, "listening on");
  await seedKoersAccess(port, database, sessionSecret);
  return {
    kind: "koers",
    port,
    pid: child.pid!,
    wsBase: `ws://127.0.0.1:${port}`,
    database,
    stop: async () => {
      removeKoersAccess(port);
      await stop(child);
    },
  };
}

/** Starts @y/websocket-server 0.1.1's bare relay (no persistence: YPERSISTENCE unset) on a free port. */
export async function startReference(): Promise<ServerChild> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1" };
  delete env.YPERSISTENCE;
  const { command, args } = onServerCore(process.execPath, ["node_modules/@y/websocket-server/src/server.js"]);
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  await waitFor(child, "running at");
  return { kind: "reference", port, pid: child.pid!, wsBase: `ws://127.0.0.1:${port}`, stop: () => stop(child) };
}

function waitFor(child: ChildProcess, marker: string): Promise<void> {
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(marker)) resolve();
    });
    // Drained so a chatty server never blocks on a full pipe.
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code, signal) => {
      reject(new Error(`server exited with ${code} before it was ready:\n${output}`));
      // After it was ready an exit we did not ask for is a crash: its output explains it.
      if (!stopping.has(child)) console.error(`server ${child.pid} exited (${code ?? signal}):\n${output.slice(-4000)}`);
    });
  });
}

const stopping = new WeakSet<ChildProcess>();

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  stopping.add(child);
  child.kill("SIGTERM");
  return exited;
}
