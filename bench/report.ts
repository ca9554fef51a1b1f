import type { BenchConfig } from "./config";
import type { ProcUsage } from "./proc-stats";
import type { Summary } from "./stats";
import type { FanoutResult } from "./scenarios/fanout";
import type { IdleResult } from "./scenarios/idle";
import type { ColdResult } from "./scenarios/cold";
import type { SaturationResult } from "./scenarios/saturation";

/** One fan-out run against one server, with the server's and the load generator's CPU. */
export type FanoutRun = Omit<FanoutResult, "latenciesMs"> & {
  latency: Summary;
  usage: ProcUsage | null;
  loadUsage: ProcUsage | null;
  /** Mean CPU % of the PostgreSQL server meanwhile (BENCH_DATABASE=postgres); null on SQLite (it runs inside Koers). */
  databaseCpuPct?: number | null;
};

/** One two-instance fan-out run: instance 1's CPU as `usage`, instance 2's and Redis's beside it. */
export type ClusterFanoutRun = FanoutRun & { peerUsage: ProcUsage | null; redisUsage: ProcUsage | null };

/** Everything one `npm run bench` measured (also written as JSON). */
export interface BenchResults {
  date: string;
  config: BenchConfig;
  /** Which cores the server and the load ran on. */
  placement: string;
  /** What Koers stored its data in: "SQLite" or "PostgreSQL …" (BENCH_DATABASE). */
  database?: string;
  /** Per fan-out: the run with the median p99 of each server, and every run. */
  fanout: { rooms: number; koers: FanoutRun; reference: FanoutRun; runs: { koers: FanoutRun[]; reference: FanoutRun[] } }[];
  /** Two instances on one database and one Redis, each room's clients split between them (issue #16). */
  clusterFanout: { rooms: number; twoInstances: ClusterFanoutRun; runs: ClusterFanoutRun[] }[];
  idle:
    | (IdleResult & {
        rssBeforeMB: number;
        rssRoomsOpenMB: number;
        rssPerRoomKB: number;
        rssBeforeCyclesMB: number;
        rssAfterCyclesMB: number;
        /** The server's heap after a full GC, before and after the open/close cycles. */
        heap: { beforeMB: number; afterMB: number };
      })
    | null;
  cold: (Omit<ColdResult, "loadMs"> & { replayPerSecond: number; load: Summary }) | null;
  saturation: (SaturationResult & { usage: ProcUsage; loadUsage: ProcUsage; databaseCpuPct?: number | null }) | null;
}

const ms = (v: number) => `${v.toFixed(2)} ms`;
const verdict = (value: number, limit: number, unit = "") => `${value <= limit ? "pass" : "MISS"} (≤ ${limit}${unit})`;
const cpu = (u: ProcUsage | null) => (u ? `${u.cpuMeanPct.toFixed(0)}% / ${u.cpuMaxPct.toFixed(0)}%` : "n/a");

/** The issue #14 targets (bench, 2 cores). */
const TARGET = { p50At100: 1, p99RatioAt100: 1.2, p99At300: 50, p99RatioAt300: 2, saturation: 2 * 10_500, heapGrowth: 0.1, idlePerRoomKB: 50 };

/** Renders the results as one plain-text table: figure, value, samples, target. */
export function renderTable(r: BenchResults): string {
  const rows: [string, string, string, string][] = [];
  const add = (figure: string, value: string, samples: string, target = "") => rows.push([figure, value, samples, target]);

  for (const { rooms, koers, reference, runs } of r.fanout) {
    const ratio = koers.latency.p99 / reference.latency.p99;
    const median = `median of ${runs.koers.length} runs`;
    for (const [name, run] of [["Koers", koers], ["reference", reference]] as const) {
      const l = run.latency;
      const n = `${l.n} updates, ${median}`;
      const isKoers = name === "Koers";
      add(`${rooms} rooms ${name} p50`, ms(l.p50), n, isKoers && rooms === 100 ? verdict(l.p50, TARGET.p50At100, " ms") : "");
      add(`${rooms} rooms ${name} p99`, ms(l.p99), n, isKoers && rooms === 300 ? verdict(l.p99, TARGET.p99At300, " ms") : "");
      add(`${rooms} rooms ${name} p99.9 / max`, `${ms(l.p999)} / ${ms(l.max)}`, n);
      // The achieved rate shows whether the load process kept up with the asked 5 updates/s.
      const rate = run.sent / (run.rooms * 2 * r.config.seconds);
      add(`${rooms} rooms ${name} lost / mismatched rooms`, `${run.lost} / ${run.mismatches}`, `${run.sent} sent (${rate.toFixed(1)}/s per client), ${run.rooms} rooms`, verdict(run.lost + run.mismatches, 0));
      if (run.usage) add(`${rooms} rooms ${name} CPU mean/max: server, load`, `${cpu(run.usage)}, load ${cpu(run.loadUsage)}; RSS ${run.usage.rssMaxMB.toFixed(0)} MB`, `${run.usage.samples} samples`);
      if (isKoers && run.databaseCpuPct != null) add(`${rooms} rooms Koers PostgreSQL CPU mean`, `${run.databaseCpuPct.toFixed(0)}%`, "postmaster and backends");
    }
    const limit = rooms === 100 ? TARGET.p99RatioAt100 : rooms === 300 ? TARGET.p99RatioAt300 : Infinity;
    add(`${rooms} rooms p99 Koers/reference`, `${ratio.toFixed(2)}×`, `all runs: Koers ${runs.koers.map((k) => k.latency.p99.toFixed(1)).join(", ")} ms; reference ${runs.reference.map((k) => k.latency.p99.toFixed(1)).join(", ")} ms`, Number.isFinite(limit) ? verdict(Number(ratio.toFixed(2)), limit, "×") : "");
  }
  for (const { rooms, twoInstances: run, runs } of r.clusterFanout ?? []) {
    const l = run.latency;
    const n = `${l.n} updates, median of ${runs.length} runs`;
    add(`${rooms} rooms two instances p50 / p99`, `${ms(l.p50)} / ${ms(l.p99)}`, n);
    add(`${rooms} rooms two instances p99.9 / max`, `${ms(l.p999)} / ${ms(l.max)}`, n);
    const single = r.fanout.find((f) => f.rooms === rooms)?.koers;
    if (single) {
      add(
        `${rooms} rooms p99 two instances / one`,
        `${(l.p99 / single.latency.p99).toFixed(2)}×`,
        `all runs: ${runs.map((k) => k.latency.p99.toFixed(1)).join(", ")} ms; one instance ${single.latency.p99.toFixed(1)} ms`,
      );
    }
    const rate = run.sent / (run.rooms * 2 * r.config.seconds);
    add(`${rooms} rooms two instances lost / mismatched rooms`, `${run.lost} / ${run.mismatches}`, `${run.sent} sent (${rate.toFixed(1)}/s per client), ${run.rooms} rooms`, verdict(run.lost + run.mismatches, 0));
    if (run.usage) {
      add(
        `${rooms} rooms two instances CPU mean/max`,
        `instance 1 ${cpu(run.usage)}, instance 2 ${cpu(run.peerUsage)}, Redis ${cpu(run.redisUsage)}, load ${cpu(run.loadUsage)}`,
        `${run.usage.samples} samples`,
      );
    }
  }
  if (r.idle) {
    const i = r.idle;
    add("idle RSS before → with rooms", `${i.rssBeforeMB.toFixed(1)} → ${i.rssRoomsOpenMB.toFixed(1)} MB`, `${i.rooms} rooms × 2 clients`);
    add("idle RSS per room", `${i.rssPerRoomKB.toFixed(1)} KB`, `${i.rooms} rooms`, verdict(Number(i.rssPerRoomKB.toFixed(1)), TARGET.idlePerRoomKB, " KB"));
    add("idle mismatched rooms", String(i.mismatches), `${i.rooms} rooms`, verdict(i.mismatches, 0));
    add("open/close RSS before → after", `${i.rssBeforeCyclesMB.toFixed(1)} → ${i.rssAfterCyclesMB.toFixed(1)} MB`, `${i.cycles} cycles, ${i.failedCycles} failed`);
    const growth = i.heap.afterMB / i.heap.beforeMB - 1;
    add("open/close heap before → after (after GC)", `${i.heap.beforeMB.toFixed(1)} → ${i.heap.afterMB.toFixed(1)} MB (${(growth * 100).toFixed(1)}%)`, `${i.cycles} cycles`, verdict(Number((growth * 100).toFixed(1)), TARGET.heapGrowth * 100, "%"));
  }
  if (r.cold) {
    const c = r.cold;
    add("cold: replay into one meeting", `${c.replayPerSecond.toFixed(0)} updates/s`, `${c.updates} updates in ${c.replaySeconds.toFixed(1)} s`);
    add("cold load p50", ms(c.load.p50), `${c.load.n} loads`);
    add("cold load p95 / max", `${ms(c.load.p95)} / ${ms(c.load.max)}`, `${c.load.n} loads`, verdict(Number(c.load.p95.toFixed(2)), 300, " ms"));
    add("cold load mismatches", String(c.mismatches), `${c.load.n} loads`, verdict(c.mismatches, 0));
  }
  if (r.saturation) {
    const s = r.saturation;
    // The load generator is the limit when it used (nearly) a whole core of its own.
    const loadBound = s.loadUsage.cpuMeanPct >= 90;
    const target = s.perSecond >= TARGET.saturation ? `pass (≥ ${TARGET.saturation})` : loadBound ? `load generator was the limit (≥ 90% CPU)` : `MISS (≥ ${TARGET.saturation})`;
    add("saturation: updates persisted+broadcast/s", `${s.perSecond.toFixed(0)} /s`, `${s.accepted} updates in ${s.seconds.toFixed(1)} s, ${s.clients} clients`, target);
    add("saturation delivered vs 2 × sent", `${s.delivered} / ${2 * s.sent}`, `${s.sent} sent`, verdict(2 * s.sent - s.delivered, 0));
    add("saturation mismatched rooms", String(s.mismatches), `${s.clients / 2} rooms`, verdict(s.mismatches, 0));
    add("saturation CPU mean: server, load generator", `${s.usage.cpuMeanPct.toFixed(0)}%, ${s.loadUsage.cpuMeanPct.toFixed(0)}%; server RSS ${s.usage.rssMaxMB.toFixed(0)} MB`, `${s.usage.samples} samples`);
    if (s.databaseCpuPct != null) add("saturation PostgreSQL CPU mean", `${s.databaseCpuPct.toFixed(0)}%`, "postmaster and backends");
  }
  const header: [string, string, string, string] = ["figure", "value", "samples", "target"];
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((row) => row[col]!.length)));
  const line = (row: string[]) => row.map((cell, col) => cell.padEnd(widths[col]!)).join(" | ");
  return [`Koers benchmark ${r.date} on ${r.database ?? "SQLite"} (${r.placement})`, line(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)].join("\n");
}
