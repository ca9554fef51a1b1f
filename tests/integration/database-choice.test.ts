import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { meetingDocName } from "../../app/collab/protocol";
import { connectYjsClient } from "../support/crash-round";
import { freePort } from "../support/free-port";
import { signUpMemberOfNewPair } from "../support/process-session";
import { ServerProcess } from "../support/server-process";
import { postgresServerUrl, prepareTestDatabase, readStoredDocumentAt, tempDatabase, TEST_DIALECT } from "../support/test-database";
import { eventually } from "../support/test-server";

// DATABASE_URL chooses PostgreSQL (README "Running on PostgreSQL"): a server that cannot use
// it says why in one line and exits non-zero; one that can writes nothing to a SQLite file.

/** Runs the production server with `env` until it exits (or 20 s pass); its exit code and what it printed. */
function startAndWaitForExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  if (!fs.existsSync("dist/server.js")) throw new Error("dist/server.js is missing: run `npm run build` first");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "koers-choice-"));
  const child = spawn(process.execPath, ["dist/server.js"], {
    env: { ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", DATABASE_PATH: path.join(dir, "koers.sqlite"), KOERS_LOG: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output: output + (fs.readdirSync(dir).length ? `\n(files: ${fs.readdirSync(dir).join(", ")})` : "") });
    });
  });
}

const running: ServerProcess[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
});

describe("choosing the database", () => {
  it("an unreachable PostgreSQL: one clear line that names the server (not its password), and exit 1", async () => {
    const port = await freePort(); // nobody listens here
    const { code, output } = await startAndWaitForExit({ DATABASE_URL: `postgres://koers:geheim-wachtwoord@127.0.0.1:${port}/koers` });
    expect(code).toBe(1);
    expect(output).toContain(`Koers could not start: PostgreSQL postgres://koers:***@127.0.0.1:${port}/koers cannot be used: nothing accepts connections at that host and port`);
    expect(output).not.toContain("geheim-wachtwoord");
    expect(output).not.toMatch(/\n\s+at /); // a setup problem, not a stack trace
    expect(output).not.toContain("koers.sqlite"); // and no SQLite file instead
  });

  it("a DATABASE_URL that is no postgres:// URL is refused before anything starts", async () => {
    const { code, output } = await startAndWaitForExit({ DATABASE_URL: "mysql://koers:geheim-wachtwoord@localhost/koers" });
    expect(code).toBe(1);
    expect(output).toContain("DATABASE_URL: must be a URL like postgres://user:password@host:5432/koers");
    expect(output).not.toContain("geheim-wachtwoord");
  });

  it.runIf(TEST_DIALECT === "postgres")("a database that does not exist says so", async () => {
    const url = new URL(postgresServerUrl());
    url.pathname = "/koers_bestaat_niet";
    const { code, output } = await startAndWaitForExit({ DATABASE_URL: url.toString() });
    expect(code).toBe(1);
    expect(output).toContain("cannot be used: the database does not exist (create it first");
  });

  it.runIf(TEST_DIALECT === "postgres")("with DATABASE_URL, what people type is in PostgreSQL and nothing is written to a SQLite file", async () => {
    const database = tempDatabase();
    await prepareTestDatabase(database);
    const sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "koers-no-sqlite-"));
    const server = await ServerProcess.start(() => ({ DATABASE_PATH: path.join(sqliteDir, "koers.sqlite") }), database);
    running.push(server);
    expect(server.log).toContain("(database: PostgreSQL postgres://");
    const member = await signUpMemberOfNewPair(server.url, "Postgres Aios");
    const meetingId = await member.newMeeting();
    const doc = new Y.Doc();
    const client = connectYjsClient(server.port, meetingDocName(meetingId), doc, { headers: { Cookie: member.cookie } });
    try {
      await client.synced;
      doc.getText("notes").insert(0, "Opgeslagen in PostgreSQL");
      await eventually(async () => {
        const stored = await readStoredDocumentAt(database, meetingDocName(meetingId));
        expect(stored.updates.length + (stored.state ? 1 : 0)).toBeGreaterThan(0);
      });
    } finally {
      client.destroy();
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    await server.stop();
    expect(fs.readdirSync(sqliteDir).filter((f) => f.includes(".sqlite"))).toEqual([]);
  });
});
