// One-off: which threads of the Koers server use CPU during a fan-out.
import fs from "node:fs";
import { startKoers } from "../servers";
import { runWorker } from "../worker";
const koers = await startKoers();
const threads = () =>
  Object.fromEntries(
    fs.readdirSync(`/proc/${koers.pid}/task`).map((tid) => {
      const comm = fs.readFileSync(`/proc/${koers.pid}/task/${tid}/comm`, "utf8").trim();
      const stat = fs.readFileSync(`/proc/${koers.pid}/task/${tid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return [`${tid} ${comm}`, (Number(f[11]) + Number(f[12])) / 100];
    }),
  );
let before: Record<string, number> = {};
await runWorker("fanout", { wsBase: koers.wsBase, rooms: 100, seconds: 20, updatesPerSecond: 5, roomPrefix: "t-" }, { onStarted: () => (before = threads()) });
const after = threads();
for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0.01) console.log(k.padEnd(30), (v - (before[k] ?? 0)).toFixed(2), "s");
await koers.stop();
process.exit(0);
