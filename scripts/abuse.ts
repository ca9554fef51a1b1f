// `npm run abuse`: every abuse of issue #13 against a production server (the `npm run build`
// output) for a few seconds each, while a member edits, printing per phase /healthz latency and
// that member's edit round trip (p50/max), whether the server is alive, whether anything the
// member typed was lost, and whether the abuse was held off. Target: max ≤ 500 ms every phase.
//   npm run abuse                 all phases
//   npm run abuse -- gc ics       only the phases whose id contains one of the words
import { fork, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuilt } from "../bench/servers";
import { freePort } from "../tests/support/free-port";
import { meetingDocName } from "../app/collab/protocol";
import { PHASES, setUpWorld, type Outcome } from "./abuse/phases";
import type { MeasureCommand, MeasureReply } from "./abuse/measure-child";
import type { Stats } from "./abuse/measure";

const TARGET_MS = 500;

interface Row {
  id: string;
  title: string;
  healthz: Stats;
  healthzFailures: number;
  roundTrip: Stats;
  alive: boolean;
  lost: number;
  /** Close codes the server sent the editing member's own tabs meanwhile (a flood's collateral). */
  memberClosedWith: number[];
  outcome: Outcome;
  seconds: number;
}

async function startServer(): Promise<{ baseUrl: string; databasePath: string; child: ChildProcess; log: () => string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "koers-abuse-"));
  const databasePath = path.join(dir, "koers.sqlite");
  const port = await freePort();
  const child = spawn(process.execPath, ["dist/server.js"], {
    // Production defaults for every limit; TRUST_PROXY so that X-Forwarded-For gives each actor its own address.
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATABASE_PATH: databasePath, TRUST_PROXY: "true", KOERS_LOG: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output = (output + c.toString()).slice(-200_000)));
  child.stderr!.on("data", (c: Buffer) => (output = (output + c.toString()).slice(-200_000)));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => output.includes("listening on") && (clearInterval(timer), resolve()), 50);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { baseUrl: `http://127.0.0.1:${port}`, databasePath, child, log: () => output };
}

function measurer() {
  const child = fork(new URL("./abuse/measure-child.ts", import.meta.url).pathname, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const ask = <T extends MeasureReply["type"]>(command: MeasureCommand, expect: T): Promise<Extract<MeasureReply, { type: T }>> =>
    new Promise((resolve, reject) => {
      child.once("message", (reply: MeasureReply) => {
        if (reply.type === "error") reject(new Error(reply.message));
        else if (reply.type !== expect) reject(new Error(`expected ${expect}, got ${reply.type}`));
        else resolve(reply as Extract<MeasureReply, { type: T }>);
      });
      child.send(command);
    });
  return { ask, child };
}

async function alive(baseUrl: string, child: ChildProcess): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return false;
  try {
    return (await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5000) })).ok;
  } catch {
    return false;
  }
}

// NaN (no samples) arrives from the measuring process as null.
const ms = (value: number | null) => (value === null || Number.isNaN(value) ? "—" : value < 10 ? value.toFixed(1) : value.toFixed(0));

function render(rows: Row[], stored: { typed: number; stored: number }): string {
  const lines = [
    "| phase | /healthz p50 / max (ms) | edit round trip p50 / max (ms) | alive | lost | held? | what happened | target |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const meets = r.alive && r.lost === 0 && r.memberClosedWith.length === 0 && (r.healthz.max ?? Infinity) <= TARGET_MS && (r.roundTrip.max ?? Infinity) <= TARGET_MS && r.healthzFailures === 0;
    lines.push(
      `| ${r.title} | ${ms(r.healthz.p50)} / ${ms(r.healthz.max)}${r.healthzFailures ? ` (${r.healthzFailures} failed)` : ""} | ${ms(r.roundTrip.p50)} / ${ms(r.roundTrip.max)} | ${r.alive ? "yes" : "NO"} | ${r.lost} | ${r.outcome.held ? "yes" : "NO"} | ${r.outcome.detail.replace(/\|/g, "/")}${r.memberClosedWith.length ? `; the editing member's tabs were closed (${[...new Set(r.memberClosedWith)].join(", ")})` : ""} | ${meets ? "pass" : "MISS"} |`,
    );
  }
  lines.push(
    "",
    "lost: edits the member typed during the phase that were not on the server 5 s after it (a tab the server closed sends them when it reconnects, as a reloaded page does).",
    `Everything the member typed: ${stored.stored} of ${stored.typed} edits on the server at the end.`,
  );
  return lines.join("\n");
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  ensureBuilt();
  const server = await startServer();
  const measure = measurer();
  const rows: Row[] = [];
  try {
    const world = await setUpWorld(server.baseUrl, server.databasePath);
    await measure.ask({ type: "open", baseUrl: server.baseUrl, docName: meetingDocName(world.meetingId), cookie: world.member.browser.cookie }, "opened");
    const phases = PHASES.filter((p) => p.id === "baseline" || filters.length === 0 || filters.some((f) => p.id.includes(f)));
    for (const phase of phases) {
      process.stdout.write(`${phase.title} … `);
      const started = performance.now();
      await measure.ask({ type: "start" }, "started");
      let outcome: Outcome;
      try {
        outcome = await Promise.race([
          phase.run(world),
          new Promise<Outcome>((resolve) => setTimeout(() => resolve({ held: false, detail: "did not finish within 90 s" }), 90_000).unref()),
        ]);
      } catch (error) {
        if (process.env.ABUSE_DEBUG) console.error(error);
        outcome = { held: false, detail: `the abuse itself failed: ${error instanceof Error ? error.message : String(error)}` };
      }
      const measured = await measure.ask({ type: "stop" }, "stopped");
      const row: Row = {
        id: phase.id,
        title: phase.title,
        healthz: measured.healthz,
        healthzFailures: measured.healthzFailures,
        roundTrip: measured.roundTrip,
        alive: await alive(server.baseUrl, server.child),
        lost: measured.missing,
        memberClosedWith: measured.closedWith,
        outcome,
        seconds: (performance.now() - started) / 1000,
      };
      rows.push(row);
      console.log(`${row.outcome.held ? "held" : "NOT HELD"}; healthz max ${ms(row.healthz.max)} ms, edits max ${ms(row.roundTrip.max)} ms (${row.seconds.toFixed(1)} s)`);
      if (!row.alive) break;
    }
    const stored = await measure.ask({ type: "stored" }, "stored");
    const table = render(rows, stored);
    console.log(`\n${table}\n`);
    fs.mkdirSync("bench/results", { recursive: true });
    fs.writeFileSync("bench/results/abuse-latest.json", JSON.stringify({ at: new Date().toISOString(), rows, stored }, null, 2));
    console.log("written: bench/results/abuse-latest.json");
  } catch (error) {
    console.error("abuse run failed:", error);
    console.error(server.log().slice(-4000));
    process.exitCode = 1;
  } finally {
    measure.child.kill();
    server.child.kill("SIGTERM");
  }
}

await main();
