// `npm run bench`: starts the servers as child processes, drives each scenario from a
// separate load process, prints one table and writes bench/results/latest.json.
import fs from "node:fs";
import path from "node:path";
import { readConfig } from "./config";
import { ensureBuilt, startKoers, startReference, type ServerChild } from "./servers";
import { rssBytes, sampleProcess, type ProcUsage } from "./proc-stats";
import { runWorker } from "./worker";
import { summarize, type Summary } from "./stats";
import { sleep, type FanoutResult } from "./scenarios/fanout";
import type { IdleResult } from "./scenarios/idle";
import type { ColdResult } from "./scenarios/cold";
import type { SaturationResult } from "./scenarios/saturation";
import { renderTable, type BenchResults, type FanoutRun } from "./report";

const MB = 2 ** 20;

/** One fan-out run against one server: latency summary plus the server's CPU and RSS meanwhile. */
async function fanout(server: ServerChild, rooms: number, seconds: number, rate: number): Promise<FanoutRun> {
  let sampler: { stop(): ProcUsage } | null = null;
  const result = await runWorker<FanoutResult>(
    "fanout",
    { wsBase: server.wsBase, rooms, seconds, updatesPerSecond: rate, roomPrefix: `r${rooms}-` },
    { onStarted: () => (sampler = sampleProcess(server.pid)) },
  );
  const usage = (sampler as { stop(): ProcUsage } | null)?.stop() ?? null;
  const { latenciesMs, ...rest } = result;
  return { ...rest, latency: summarize(latenciesMs), usage };
}

async function withServer<T>(start: () => Promise<ServerChild>, body: (s: ServerChild) => Promise<T>): Promise<T> {
  const server = await start();
  try {
    return await body(server);
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const cfg = readConfig();
  ensureBuilt();
  const startedAt = new Date().toISOString();
  const profileDir = path.resolve("bench/results/profiles");
  const results: BenchResults = { date: startedAt, config: cfg, fanout: [], idle: null, cold: null, saturation: null };

  for (const rooms of cfg.roomCounts) {
    const profiling = cfg.profile && rooms === Math.max(...cfg.roomCounts);
    const koersArgs = profiling ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
    log(`fan-out ${rooms} rooms: Koers`);
    const koers = await withServer(() => startKoers(koersArgs), (s) => fanout(s, rooms, cfg.seconds, cfg.updatesPerSecond));
    log(`fan-out ${rooms} rooms: reference`);
    const reference = await withServer(startReference, (s) => fanout(s, rooms, cfg.seconds, cfg.updatesPerSecond));
    results.fanout.push({ rooms, koers, reference });
  }

  log(`idle: ${cfg.idleRooms} rooms, then ${cfg.cycles} open/close cycles`);
  results.idle = await withServer(startKoers, async (server) => {
    await sleep(1000);
    const rss: Record<string, number> = { before: rssBytes(server.pid) };
    const run = await runWorker<IdleResult>(
      "idle",
      { wsBase: server.wsBase, rooms: cfg.idleRooms, cycles: cfg.cycles },
      { onCheckpoint: async (name) => void (rss[name] = rssBytes(server.pid)) },
    );
    rss.afterCycles = rssBytes(server.pid);
    return {
      ...run,
      rssBeforeMB: rss.before! / MB,
      rssRoomsOpenMB: rss["rooms-open"]! / MB,
      rssPerRoomKB: (rss["rooms-open"]! - rss.before!) / run.rooms / 1024,
      rssBeforeCyclesMB: rss["rooms-closed"]! / MB,
      rssAfterCyclesMB: rss.afterCycles / MB,
      heap: "not measurable without a server hook (no server changes allowed)",
    };
  });

  log(`cold load: replaying ${cfg.coldUpdates} updates, then ${cfg.coldLoads} loads`);
  results.cold = await withServer(startKoers, async (server) => {
    const run = await runWorker<ColdResult>("cold", { wsBase: server.wsBase, updates: cfg.coldUpdates, loads: cfg.coldLoads, window: 64 });
    const { loadMs, ...rest } = run;
    return { ...rest, replayPerSecond: run.updates / run.replaySeconds, load: summarize(loadMs) };
  });

  log(`saturation: ${cfg.saturationRooms} rooms × 2 clients for ${cfg.saturationSeconds} s`);
  results.saturation = await withServer(startKoers, async (server) => {
    const sampler = sampleProcess(server.pid);
    const run = await runWorker<SaturationResult>("saturation", { wsBase: server.wsBase, rooms: cfg.saturationRooms, seconds: cfg.saturationSeconds, window: 32 });
    return { ...run, usage: sampler.stop() };
  });

  const table = renderTable(results);
  console.log(table);
  fs.mkdirSync("bench/results", { recursive: true });
  fs.writeFileSync("bench/results/latest.json", JSON.stringify({ ...results, table }, null, 2));
  log("wrote bench/results/latest.json");
}

function log(message: string): void {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

export type { Summary };

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
