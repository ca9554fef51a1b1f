// `npm run bench`: starts the servers as child processes, drives each scenario from a
// separate load process, prints one table and writes bench/results/latest.json.
import fs from "node:fs";
import path from "node:path";
import { readConfig } from "./config";
import { ensureBuilt, startKoers, startReference, type ServerChild } from "./servers";
import { rssBytes, sampleCpu, sampleProcess, type ProcUsage } from "./proc-stats";
import { benchDatabaseKind, databaseCpuSeconds, stopBenchDatabase } from "./database";
import { runWorker } from "./worker";
import { summarize, type Summary } from "./stats";
import { sleep, type FanoutResult } from "./scenarios/fanout";
import type { IdleResult } from "./scenarios/idle";
import type { ColdResult } from "./scenarios/cold";
import type { SaturationResult } from "./scenarios/saturation";
import { renderTable, type BenchResults, type ClusterFanoutRun, type FanoutRun } from "./report";
import { startKoersCluster, type KoersCluster } from "./cluster";
import { affinityNote } from "./cpu-affinity";

const MB = 2 ** 20;

/** How many times each fan-out runs; the run with the median p99 is the one reported (all are in the JSON). */
const FANOUT_RUNS = 3;

/** One fan-out run against one server: latency summary plus the server's and the load generator's CPU meanwhile. */
async function fanout(server: ServerChild, rooms: number, seconds: number, rate: number, run: number): Promise<FanoutRun> {
  let sampler: { stop(): ProcUsage } | null = null;
  let loadSampler: { stop(): ProcUsage } | null = null;
  let databaseSampler: { stop(): number | null } | null = null;
  let loadPid = 0;
  const result = await runWorker<FanoutResult>(
    "fanout",
    { wsBase: server.wsBase, rooms, seconds, updatesPerSecond: rate, roomPrefix: `r${rooms}-${run}-` },
    {
      onSpawned: (pid) => (loadPid = pid),
      onStarted: () => {
        sampler = sampleProcess(server.pid);
        loadSampler = sampleProcess(loadPid);
        if (server.kind === "koers") databaseSampler = sampleCpu(databaseCpuSeconds);
      },
    },
  );
  const usage = (sampler as { stop(): ProcUsage } | null)?.stop() ?? null;
  const loadUsage = (loadSampler as { stop(): ProcUsage } | null)?.stop() ?? null;
  const databaseCpuPct = (databaseSampler as { stop(): number | null } | null)?.stop() ?? null;
  const { latenciesMs, ...rest } = result;
  return { ...rest, latency: summarize(latenciesMs), usage, loadUsage, databaseCpuPct };
}

/**
 * One two-instance fan-out run (issue #16): each room's first client on instance 1, its
 * second on instance 2, so every update crosses between them through Redis. Both instances'
 * and Redis's CPU are sampled.
 */
async function clusterFanout(cluster: KoersCluster, rooms: number, seconds: number, rate: number, run: number): Promise<ClusterFanoutRun> {
  const [one, two] = cluster.instances;
  let samplers: Array<{ stop(): ProcUsage }> = [];
  let loadSampler: { stop(): ProcUsage } | null = null;
  let loadPid = 0;
  const result = await runWorker<FanoutResult>(
    "fanout",
    { wsBase: one.wsBase, peerWsBase: two.wsBase, rooms, seconds, updatesPerSecond: rate, roomPrefix: `c${rooms}-${run}-` },
    {
      onSpawned: (pid) => (loadPid = pid),
      onStarted: () => {
        samplers = [one.pid, two.pid, cluster.redisPid].map((pid) => sampleProcess(pid));
        loadSampler = sampleProcess(loadPid);
      },
    },
  );
  const [usage, peerUsage, redisUsage] = samplers.map((s) => s.stop());
  const loadUsage = (loadSampler as { stop(): ProcUsage } | null)?.stop() ?? null;
  const { latenciesMs, ...rest } = result;
  return { ...rest, latency: summarize(latenciesMs), usage: usage ?? null, peerUsage: peerUsage ?? null, redisUsage: redisUsage ?? null, loadUsage };
}

/** The run whose p99 is the median of the runs. */
function medianRun<R extends FanoutRun>(runs: R[]): R {
  return [...runs].sort((a, b) => a.latency.p99 - b.latency.p99)[Math.floor(runs.length / 2)]!;
}

/** The Koers server's heap after a full collection (the bench-only hook), in MB. */
async function heapMB(server: ServerChild): Promise<number> {
  const response = await fetch(`${server.wsBase.replace(/^ws/, "http")}/__bench/heap`);
  if (!response.ok) throw new Error(`the heap hook answered ${response.status}`);
  return ((await response.json()) as { heapUsedMB: number }).heapUsedMB;
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
  const database = benchDatabaseKind() === "postgres" ? "PostgreSQL 15 (throwaway, fsync and synchronous commits on, on the server's core)" : "SQLite";
  const results: BenchResults = { date: startedAt, config: cfg, placement: affinityNote(), database, fanout: [], clusterFanout: [], idle: null, cold: null, saturation: null };
  log(`placement: ${results.placement}; database: ${database}`);

  for (const rooms of cfg.roomCounts) {
    const profiling = cfg.profile && rooms === Math.max(...cfg.roomCounts);
    const koersArgs = profiling ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
    const koersRuns: FanoutRun[] = [];
    const referenceRuns: FanoutRun[] = [];
    // Alternating, so a noisy minute on the machine does not fall on one server only.
    for (let run = 1; run <= FANOUT_RUNS; run++) {
      log(`fan-out ${rooms} rooms, run ${run}/${FANOUT_RUNS}: Koers`);
      koersRuns.push(await withServer(() => startKoers(run === 1 ? koersArgs : []), (s) => fanout(s, rooms, cfg.seconds, cfg.updatesPerSecond, run)));
      log(`fan-out ${rooms} rooms, run ${run}/${FANOUT_RUNS}: reference`);
      referenceRuns.push(await withServer(startReference, (s) => fanout(s, rooms, cfg.seconds, cfg.updatesPerSecond, run)));
    }
    results.fanout.push({ rooms, koers: medianRun(koersRuns), reference: medianRun(referenceRuns), runs: { koers: koersRuns, reference: referenceRuns } });
  }

  // Two instances on one database and one Redis, the clients of each room split between them.
  for (const rooms of cfg.clusterRoomCounts) {
    const runs: ClusterFanoutRun[] = [];
    for (let run = 1; run <= FANOUT_RUNS; run++) {
      log(`fan-out ${rooms} rooms over two instances, run ${run}/${FANOUT_RUNS}`);
      const cluster = await startKoersCluster();
      try {
        runs.push(await clusterFanout(cluster, rooms, cfg.seconds, cfg.updatesPerSecond, run));
      } finally {
        await cluster.stop();
      }
    }
    results.clusterFanout.push({ rooms, twoInstances: medianRun(runs), runs });
  }

  log(`idle: ${cfg.idleRooms} rooms, then ${cfg.cycles} open/close cycles`);
  results.idle = await withServer(startKoers, async (server) => {
    await sleep(1000);
    const rss: Record<string, number> = { before: rssBytes(server.pid) };
    const heap: Record<string, number> = {};
    const run = await runWorker<IdleResult>(
      "idle",
      { wsBase: server.wsBase, rooms: cfg.idleRooms, cycles: cfg.cycles },
      {
        onCheckpoint: async (name) => {
          rss[name] = rssBytes(server.pid);
          if (name === "rooms-closed") heap.before = await heapMB(server);
        },
      },
    );
    rss.afterCycles = rssBytes(server.pid);
    heap.after = await heapMB(server);
    return {
      ...run,
      rssBeforeMB: rss.before! / MB,
      rssRoomsOpenMB: rss["rooms-open"]! / MB,
      rssPerRoomKB: (rss["rooms-open"]! - rss.before!) / run.rooms / 1024,
      rssBeforeCyclesMB: rss["rooms-closed"]! / MB,
      rssAfterCyclesMB: rss.afterCycles / MB,
      heap: { beforeMB: heap.before!, afterMB: heap.after! },
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
    const databaseSampler = sampleCpu(databaseCpuSeconds);
    let loadSampler: { stop(): ProcUsage } | null = null;
    const run = await runWorker<SaturationResult>(
      "saturation",
      { wsBase: server.wsBase, rooms: cfg.saturationRooms, seconds: cfg.saturationSeconds, window: 32 },
      { onSpawned: (pid) => (loadSampler = sampleProcess(pid)) },
    );
    return { ...run, usage: sampler.stop(), loadUsage: (loadSampler as { stop(): ProcUsage } | null)!.stop(), databaseCpuPct: databaseSampler.stop() };
  });

  const table = renderTable(results);
  console.log(table);
  fs.mkdirSync("bench/results", { recursive: true });
  const output = benchDatabaseKind() === "postgres" ? "bench/results/latest-postgres.json" : "bench/results/latest.json";
  fs.writeFileSync(output, JSON.stringify({ ...results, table }, null, 2));
  log(`wrote ${output}`);
}

function log(message: string): void {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

export type { Summary };

main()
  .finally(stopBenchDatabase)
  .then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
