import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseDatabaseLocation } from "../../db/database";
import { freePort } from "./free-port";
import { prepareTestDatabase, tempDatabase } from "./test-database";

/** A production Koers server in a child process, restartable on the same port and database. */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private output = "";
  /** The last lines the server logged (all restarts), for a failing test's message. */
  private logTail: string[] = [];
  /** The same on every restart (the session secret beside DATABASE_PATH stays, so sessions do). */
  private readonly databaseVariables: Record<string, string>;

  private constructor(
    readonly port: number,
    /** Its database: a SQLite path or a postgres:// URL (DATABASE_PATH or DATABASE_URL). */
    readonly database: string,
    private readonly extraEnv: Record<string, string> = {},
  ) {
    this.databaseVariables = databaseEnv(database);
  }

  /**
   * Starts `dist/server.js` on a free port with a fresh database of this test run (a SQLite
   * file in a temp folder, or a PostgreSQL database: tests/support/test-database.ts);
   * `env` adds variables (e.g. SMTP_URL and APP_URL, which may depend on the port).
   */
  static async start(env?: (port: number) => Record<string, string>, database = tempDatabase()): Promise<ServerProcess> {
    await prepareTestDatabase(database);
    const port = await freePort();
    const server = new ServerProcess(port, database, env?.(port));
    await server.spawn();
    return server;
  }

  /** What the server logged last (at most 80 lines), to put in a failing assertion's message. */
  recentLog(): string {
    return this.logTail.join("\n");
  }

  private remember(chunk: Buffer): void {
    this.logTail.push(...chunk.toString().split("\n").filter(Boolean));
    if (this.logTail.length > 80) this.logTail.splice(0, this.logTail.length - 80);
  }

  get url(): string {
    return `http://localhost:${this.port}`;
  }

  private async spawn(): Promise<void> {
    if (!fs.existsSync("dist/server.js")) throw new Error("dist/server.js is missing: run `npm run build` first");
    const child = spawn(process.execPath, ["dist/server.js"], {
      // KOERS_LOG: under Vitest the inherited VITEST=true would silence the "listening on" line awaited below.
      env: { ...process.env, NODE_ENV: "production", PORT: String(this.port), HOST: "127.0.0.1", ...this.databaseVariables, KOERS_LOG: "1", ...this.extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    // A test that times out never reaches its stop(): the server must not outlive the test process.
    const orphanGuard = () => child.kill("SIGKILL");
    process.once("exit", orphanGuard);
    child.once("exit", () => process.off("exit", orphanGuard));
    await new Promise<void>((resolve, reject) => {
      // Generous: on a loaded machine a restart after SIGKILL can take several seconds.
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`server did not print "listening on" within 60 s:\n${this.output}`));
      }, 60_000);
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        if (this.output.includes("listening on")) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
      for (const stream of [child.stdout!, child.stderr!]) stream.on("data", (chunk: Buffer) => this.remember(chunk));
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code} before listening:\n${this.output}`));
      });
    });
  }

  /** Stops the server (SIGTERM by default, or SIGKILL to simulate a crash) and starts it again. */
  async restart(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    await this.stop(signal);
    this.output = "";
    await this.spawn();
  }

  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill(signal);
    await exited;
    this.child = null;
  }

  /** What the server printed so far (for failure messages). */
  get log(): string {
    return this.output;
  }
}

/**
 * The variables that point a server at a database: DATABASE_URL for PostgreSQL (with
 * DATABASE_PATH in a temp folder of its own: the generated session secret is kept beside it),
 * DATABASE_PATH for a SQLite file.
 */
export function databaseEnv(database: string): Record<string, string> {
  if (parseDatabaseLocation(database).dialect === "sqlite") return { DATABASE_PATH: database };
  return { DATABASE_URL: database, DATABASE_PATH: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "koers-pg-secret-")), "unused.sqlite") };
}
