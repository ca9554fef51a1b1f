import type { BenchConfig } from "./config";
import type { ProcUsage } from "./proc-stats";
import type { Summary } from "./stats";
import type { FanoutResult } from "./scenarios/fanout";
import type { IdleResult } from "./scenarios/idle";
import type { ColdResult } from "./scenarios/cold";
import type { SaturationResult } from "./scenarios/saturation";

/** One fan-out run against one server. */
export type FanoutRun = Omit<FanoutResult, "latenciesMs"> & { latency: Summary; usage: ProcUsage | null };

/** Everything one `npm run bench` measured (also written as JSON). */
export interface BenchResults {
  date: string;
  config: BenchConfig;
  fanout: { rooms: number; koers: FanoutRun; reference: FanoutRun }[];
  idle:
    | (IdleResult & {
        rssBeforeMB: number;
        rssRoomsOpenMB: number;
        rssPerRoomKB: number;
        rssBeforeCyclesMB: number;
        rssAfterCyclesMB: number;
        heap: string;
      })
    | null;
  cold: (Omit<ColdResult, "loadMs"> & { replayPerSecond: number; load: Summary }) | null;
  saturation: (SaturationResult & { usage: ProcUsage }) | null;
}

const ms = (v: number) => `${v.toFixed(2)} ms`;
const verdict = (value: number, limit: number) => `${value <= limit ? "pass" : "MISS"} (≤ ${limit})`;

/** Renders the results as one plain-text table: figure, value, samples, target. */
export function renderTable(r: BenchResults): string {
  const rows: [string, string, string, string][] = [];
  const add = (figure: string, value: string, samples: string, target = "") => rows.push([figure, value, samples, target]);

  for (const { rooms, koers, reference } of r.fanout) {
    for (const [name, run] of [["Koers", koers], ["reference", reference]] as const) {
      const l = run.latency;
      const n = `${l.n} updates`;
      const isKoers = name === "Koers";
      add(`${rooms} rooms ${name} p50`, ms(l.p50), n, isKoers && rooms === 100 ? verdict(l.p50, 1) : "");
      add(`${rooms} rooms ${name} p99`, ms(l.p99), n, isKoers && rooms === 100 ? verdict(l.p99, 10) : isKoers && rooms === 300 ? verdict(l.p99, 50) : "");
      add(`${rooms} rooms ${name} p99.9 / max`, `${ms(l.p999)} / ${ms(l.max)}`, n);
      // The achieved rate shows whether the load process kept up with the asked 5 updates/s.
      const rate = run.sent / (run.rooms * 2 * r.config.seconds);
      add(`${rooms} rooms ${name} lost / mismatched rooms`, `${run.lost} / ${run.mismatches}`, `${run.sent} sent (${rate.toFixed(1)}/s per client), ${run.rooms} rooms`, verdict(run.lost + run.mismatches, 0));
      if (run.usage) add(`${rooms} rooms ${name} server CPU mean/max, RSS max`, `${run.usage.cpuMeanPct.toFixed(0)}% / ${run.usage.cpuMaxPct.toFixed(0)}%, ${run.usage.rssMaxMB.toFixed(0)} MB`, `${run.usage.samples} samples`);
    }
    const ratio = koers.latency.p99 / reference.latency.p99;
    add(`${rooms} rooms p99 Koers/reference`, `${ratio.toFixed(2)}×`, `${koers.latency.n} / ${reference.latency.n}`, rooms === 100 ? verdict(Number(ratio.toFixed(2)), 1.2) : "");
  }
  if (r.idle) {
    const i = r.idle;
    add("idle RSS before → with rooms", `${i.rssBeforeMB.toFixed(1)} → ${i.rssRoomsOpenMB.toFixed(1)} MB`, `${i.rooms} rooms × 2 clients`);
    add("idle RSS per room", `${i.rssPerRoomKB.toFixed(1)} KB`, `${i.rooms} rooms`, verdict(Number(i.rssPerRoomKB.toFixed(1)), 50));
    add("idle mismatched rooms", String(i.mismatches), `${i.rooms} rooms`, verdict(i.mismatches, 0));
    add("open/close RSS before → after", `${i.rssBeforeCyclesMB.toFixed(1)} → ${i.rssAfterCyclesMB.toFixed(1)} MB`, `${i.cycles} cycles, ${i.failedCycles} failed`);
    add("open/close heap", "n/a", i.heap);
  }
  if (r.cold) {
    const c = r.cold;
    add("cold: replay into one meeting", `${c.replayPerSecond.toFixed(0)} updates/s`, `${c.updates} updates in ${c.replaySeconds.toFixed(1)} s`);
    add("cold load p50", ms(c.load.p50), `${c.load.n} loads`);
    add("cold load p95 / max", `${ms(c.load.p95)} / ${ms(c.load.max)}`, `${c.load.n} loads`, verdict(Number(c.load.p95.toFixed(2)), 300));
    add("cold load mismatches", String(c.mismatches), `${c.load.n} loads`, verdict(c.mismatches, 0));
  }
  if (r.saturation) {
    const s = r.saturation;
    add("SQLite: updates persisted+broadcast/s", `${s.perSecond.toFixed(0)} /s`, `${s.accepted} updates in ${s.seconds.toFixed(1)} s, ${s.clients} clients`);
    add("saturation delivered vs 2 × sent", `${s.delivered} / ${2 * s.sent}`, `${s.sent} sent`, verdict(2 * s.sent - s.delivered, 0));
    add("saturation mismatched rooms", String(s.mismatches), `${s.clients / 2} rooms`, verdict(s.mismatches, 0));
    add("saturation server CPU mean, RSS max", `${s.usage.cpuMeanPct.toFixed(0)}%, ${s.usage.rssMaxMB.toFixed(0)} MB`, `${s.usage.samples} samples`);
  }
  const header: [string, string, string, string] = ["figure", "value", "samples", "target"];
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((row) => row[col]!.length)));
  const line = (row: string[]) => row.map((cell, col) => cell.padEnd(widths[col]!)).join(" | ");
  return [`Koers benchmark ${r.date}`, line(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)].join("\n");
}
