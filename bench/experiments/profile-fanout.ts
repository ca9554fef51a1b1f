// Where the Koers server spends its CPU during a fan-out: starts the production server with
// --cpu-prof, drives `rooms` × 2 clients for `seconds` from a load process, and prints the
// busiest functions and the server's CPU per update next to the bare relay's.
// Run: npx tsx bench/experiments/profile-fanout.ts [rooms] [seconds]   (after npm run build)
import fs from "node:fs";
import path from "node:path";
import { startKoers, startReference, type ServerChild } from "../servers";
import { runWorker } from "../worker";
import { cpuSeconds } from "../proc-stats";

/** CPU seconds of the process's main thread only (the event loop; not the checkpoint worker or libuv's pool). */
function mainThreadCpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
import { summarizeProfile } from "../profile-summary";
import type { FanoutResult } from "../scenarios/fanout";

const rooms = Number(process.argv[2] ?? 100);
const seconds = Number(process.argv[3] ?? 30);
const dir = path.resolve("bench/results/profiles/fanout");
fs.rmSync(dir, { recursive: true, force: true });

async function measure(server: ServerChild): Promise<{ cpuPerUpdateUs: number; mainPerUpdateUs: number; sent: number; p50: number }> {
  let startCpu = 0;
  let startMain = 0;
  const result = await runWorker<FanoutResult>(
    "fanout",
    { wsBase: server.wsBase, rooms, seconds, updatesPerSecond: 5, roomPrefix: "p-" },
    {
      onStarted: () => {
        startCpu = cpuSeconds(server.pid);
        startMain = mainThreadCpuSeconds(server.pid);
      },
    },
  );
  const cpu = cpuSeconds(server.pid) - startCpu;
  const main = mainThreadCpuSeconds(server.pid) - startMain;
  const sorted = result.latenciesMs.sort((a, b) => a - b);
  return { cpuPerUpdateUs: (cpu / result.sent) * 1e6, mainPerUpdateUs: (main / result.sent) * 1e6, sent: result.sent, p50: sorted[sorted.length >> 1] ?? NaN };
}

const koers = await startKoers(["--cpu-prof", `--cpu-prof-dir=${dir}`]);
const k = await measure(koers);
await koers.stop();
const reference = await startReference();
const r = await measure(reference);
await reference.stop();
console.log(`${new Date().toISOString()}: ${rooms} rooms × 2 clients, ${seconds} s`);
for (const [name, m] of [["Koers", k], ["reference", r]] as const) {
  console.log(`${name.padEnd(10)} server CPU per update sent: ${m.cpuPerUpdateUs.toFixed(0)} µs (event loop ${m.mainPerUpdateUs.toFixed(0)} µs); ${m.sent} sent, p50 ${m.p50.toFixed(2)} ms`);
}
const main = fs.readdirSync(dir).filter((f) => f.includes(".0.")).sort()[0];
if (main) console.log(summarizeProfile(path.join(dir, main), 30));
process.exit(0);
