// One-off: where the Koers server allocates during a fan-out (sampling heap profile, --heap-prof).
import fs from "node:fs";
import path from "node:path";
import { startKoers } from "../servers";
import { runWorker } from "../worker";
const dir = path.resolve("bench/results/profiles/heap");
fs.rmSync(dir, { recursive: true, force: true });
const koers = await startKoers(["--heap-prof", `--heap-prof-dir=${dir}`, "--heap-prof-interval=16384"]);
await runWorker("fanout", { wsBase: koers.wsBase, rooms: 100, seconds: 20, updatesPerSecond: 5, roomPrefix: "h-" });
await koers.stop();
interface Node { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: Node[] }
const file = fs.readdirSync(dir)[0]!;
const profile = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as { head: Node };
const bySite = new Map<string, number>();
const walk = (n: Node) => {
  const key = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/dist\//, "dist/")}:${n.callFrame.lineNumber + 1}`;
  bySite.set(key, (bySite.get(key) ?? 0) + n.selfSize);
  n.children.forEach(walk);
};
walk(profile.head);
const total = [...bySite.values()].reduce((a, b) => a + b, 0);
for (const [k, v] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(((v / total) * 100).toFixed(1).padStart(5) + "%", k);
process.exit(0);
