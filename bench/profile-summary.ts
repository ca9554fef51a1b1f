// `tsx bench/profile-summary.ts <file.cpuprofile>`: the functions with the most self time
// in a V8 CPU profile (from BENCH_PROFILE=1, which runs the Koers server with --cpu-prof).
import fs from "node:fs";
import { pathToFileURL } from "node:url";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Prints the top `limit` functions by self time, as a share of all samples. */
export function summarizeProfile(file: string, limit = 25): string {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as { nodes: ProfileNode[]; samples: number[] };
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  for (const id of profile.samples) {
    const frame = byNode.get(id)!.callFrame;
    const key = `${frame.functionName || "(anonymous)"} ${frame.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/dist\//, "dist/")}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  // Share of the samples when the process was busy: "(idle)" is waiting for I/O.
  const idle = self.get("(idle) :0") ?? 0;
  self.delete("(idle) :0");
  const total = profile.samples.length - idle;
  const header = `${total} busy samples of ${profile.samples.length} (${((idle / profile.samples.length) * 100).toFixed(0)}% idle); shares of the busy ones:`;
  return [header, ...[...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, hits]) => `${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`)].join("\n");
}

// Only as a script, not when imported.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2]) {
  console.log(summarizeProfile(process.argv[2], Number(process.argv[3] ?? 25)));
}
