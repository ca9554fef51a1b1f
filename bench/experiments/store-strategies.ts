// Issue #14: where should the SQLite writes of the Yjs log happen? Measures, on this
// machine, five ways of storing a stream of small updates, each for a few seconds at a
// steady arrival rate and then as fast as it goes:
//   per-update   one commit per update on the event loop, SQLite's automatic checkpoints (before #14)
//   group        one transaction per event-loop turn, automatic checkpoints
//   group+timer  group commit, automatic checkpoints off, a PASSIVE checkpoint every second on the event loop
//   group+ckpt-worker  group commit, automatic checkpoints off, PASSIVE checkpoints by a worker thread's own connection
//   worker-writes      the whole transaction in a worker thread; the event loop posts batches and waits for the answer
// Reports per strategy: latency from "accepted" to "committed" (p50/p99/max), the event
// loop's delay (p99/max: what every other connection waits), and updates/s at saturation.
// Run: npx tsx bench/experiments/store-strategies.ts [seconds-per-phase] [updates-per-second]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import SQLite from "better-sqlite3";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

const SECONDS = Number(process.argv[2] ?? 4);
const RATE = Number(process.argv[3] ?? 3000);
const UPDATE = new Uint8Array(40).fill(7); // a keystroke update is ~25–60 bytes

type Strategy = "per-update" | "group" | "group+timer" | "group+ckpt-worker" | "group+ckpt-worker+restart" | "worker-writes";

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const SQLite = require(workerData.sqlitePath);
const db = new SQLite(workerData.file);
db.pragma("journal_mode = WAL"); db.pragma("synchronous = NORMAL"); db.pragma("busy_timeout = 5000");
if (workerData.mode === "checkpoint" || workerData.mode === "checkpoint+restart") {
  const fs = require("node:fs");
  setInterval(() => {
    let size = 0;
    try { size = fs.statSync(workerData.file + "-wal").size; } catch {}
    db.pragma(workerData.mode === "checkpoint+restart" && size > 16 * 2 ** 20 ? "wal_checkpoint(TRUNCATE)" : "wal_checkpoint(PASSIVE)");
  }, 200);
} else {
  db.pragma("wal_autocheckpoint = 0");
  const insert = db.prepare("insert into doc_updates (doc_name, \\"update\\") values (?, ?)");
  const write = db.transaction((batch) => batch.map((u) => Number(insert.run(u.name, u.update).lastInsertRowid)));
  setInterval(() => db.pragma("wal_checkpoint(PASSIVE)"), 1000);
  parentPort.on("message", (m) => parentPort.postMessage({ seq: m.seq, ids: write(m.batch) }));
}
`;

function openDb(file: string, autocheckpoint: boolean): SQLite.Database {
  const db = new SQLite(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  if (!autocheckpoint) db.pragma("wal_autocheckpoint = 0");
  db.exec('create table if not exists doc_updates (id integer primary key autoincrement, doc_name text not null, "update" blob not null, created_at text not null default (strftime(\'%Y-%m-%dT%H:%M:%fZ\',\'now\')))');
  db.exec("create index if not exists doc_updates_by_doc on doc_updates (doc_name, id)");
  return db;
}

interface Result {
  strategy: Strategy;
  steady: { p50: number; p99: number; max: number; loopP99: number; loopMax: number; n: number; walMB: number };
  saturationPerSecond: number;
  walMB: number;
}

async function run(strategy: Strategy): Promise<Result> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "koers-store-exp-"));
  const file = path.join(dir, "x.sqlite");
  const db = openDb(file, strategy === "per-update" || strategy === "group");
  const insert = db.prepare('insert into doc_updates (doc_name, "update") values (?, ?)');
  const writeBatch = db.transaction((batch: { name: string; update: Uint8Array }[]) => batch.map((u) => Number(insert.run(u.name, u.update).lastInsertRowid)));
  let timer: NodeJS.Timeout | null = null;
  let worker: Worker | null = null;
  const sqlitePath = require.resolve("better-sqlite3");
  if (strategy === "group+timer") timer = setInterval(() => db.pragma("wal_checkpoint(PASSIVE)"), 1000);
  if (strategy === "group+ckpt-worker+restart") worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, sqlitePath, mode: "checkpoint+restart" } });
  if (strategy === "group+ckpt-worker") worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, sqlitePath, mode: "checkpoint" } });
  if (strategy === "worker-writes") worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, sqlitePath, mode: "write" } });

  // The write queue: accepted updates wait for the next turn's flush.
  let pending: { name: string; update: Uint8Array; at: number }[] = [];
  let scheduled = false;
  let inFlight = false;
  const latencies: number[] = [];
  let committed = 0;
  const waiting = new Map<number, { name: string; update: Uint8Array; at: number }[]>();
  let seq = 0;
  worker?.on("message", (m: { seq: number }) => {
    const batch = waiting.get(m.seq)!;
    waiting.delete(m.seq);
    const now = performance.now();
    for (const u of batch) latencies.push(now - u.at);
    committed += batch.length;
    inFlight = false;
    if (pending.length) schedule();
  });
  const flush = () => {
    scheduled = false;
    if (strategy === "worker-writes") {
      if (inFlight || pending.length === 0) return;
      inFlight = true;
      const batch = pending;
      pending = [];
      waiting.set(++seq, batch);
      worker!.postMessage({ seq, batch: batch.map(({ name, update }) => ({ name, update })) });
      return;
    }
    const batch = pending;
    pending = [];
    writeBatch(batch);
    const now = performance.now();
    for (const u of batch) latencies.push(now - u.at);
    committed += batch.length;
  };
  const schedule = () => {
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  const accept = (name: string) => {
    const u = { name, update: UPDATE, at: performance.now() };
    if (strategy === "per-update") {
      insert.run(u.name, u.update);
      latencies.push(performance.now() - u.at);
      committed++;
      return;
    }
    pending.push(u);
    schedule();
  };

  // Steady phase: RATE updates/s from 300 "documents", delivered in 1 ms ticks.
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  let carry = 0;
  let n = 0;
  const started = performance.now();
  let last = started;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const now = performance.now();
      carry += ((now - last) * RATE) / 1000;
      last = now;
      for (; carry >= 1; carry--) accept(`meeting-${n++ % 300}`);
      if (now - started > SECONDS * 1000) {
        clearInterval(tick);
        resolve();
      }
    }, 1);
  });
  await new Promise((r) => setTimeout(r, 200));
  loop.disable();
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)]!;
  const steadyWalMB = fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size / 2 ** 20 : 0;
  const steady = { p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1]!, loopP99: loop.percentile(99) / 1e6, loopMax: loop.max / 1e6, n: latencies.length, walMB: steadyWalMB };

  // Saturation: as many as go through, 64 accepted per turn per "socket read".
  const before = committed;
  const satStart = performance.now();
  await new Promise<void>((resolve) => {
    const pump = () => {
      if (performance.now() - satStart > SECONDS * 1000) return resolve();
      if (committed - before + 4096 > n - before || strategy !== "worker-writes") for (let k = 0; k < 64; k++) accept(`meeting-${n++ % 300}`);
      setImmediate(pump);
    };
    pump();
  });
  const satSeconds = (performance.now() - satStart) / 1000;
  const saturationPerSecond = (committed - before) / satSeconds;
  await new Promise((r) => setTimeout(r, 300));
  if (timer) clearInterval(timer);
  await worker?.terminate();
  const walMB = fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size / 2 ** 20 : 0;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { strategy, steady, saturationPerSecond, walMB };
}

const strategies = (process.argv[4]?.split(",") ?? ["per-update", "group", "group+timer", "group+ckpt-worker", "group+ckpt-worker+restart", "worker-writes"]) as Strategy[];
console.log(`store strategies: ${SECONDS} s per phase, steady ${RATE} updates/s, ${new Date().toISOString()}, load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
for (const s of strategies) {
  const r = await run(s);
  const f = (v: number) => v.toFixed(3).padStart(8);
  console.log(
    `${s.padEnd(26)} commit latency p50 ${f(r.steady.p50)} p99 ${f(r.steady.p99)} max ${f(r.steady.max)} ms | loop delay p99 ${f(r.steady.loopP99)} max ${f(r.steady.loopMax)} ms | saturation ${r.saturationPerSecond.toFixed(0).padStart(7)}/s | wal after steady ${r.steady.walMB.toFixed(1)} MB, after saturation ${r.walMB.toFixed(1)} MB`,
  );
}
