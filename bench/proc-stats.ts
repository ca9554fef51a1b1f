import fs from "node:fs";

// Linux clock ticks per second for /proc/<pid>/stat utime/stime (getconf CLK_TCK is 100 here).
const CLK_TCK = 100;

/** Resident set size of a process in bytes, from /proc/<pid>/status. */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : NaN;
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat; optionally with its children that ended and were waited for. */
export function cpuSeconds(pid: number, options: { withReapedChildren?: boolean } = {}): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const own = Number(fields[11]) + Number(fields[12]);
  const reaped = options.withReapedChildren ? Number(fields[13]) + Number(fields[14]) : 0;
  return (own + reaped) / CLK_TCK;
}

/** Mean CPU % (100 = one core) of something measured by a cumulative CPU-seconds reader, between start() and stop(). */
export function sampleCpu(read: () => number | null): { stop(): number | null } {
  const startCpu = read();
  const startAt = performance.now();
  return {
    stop() {
      const endCpu = read();
      if (startCpu === null || endCpu === null) return null;
      return ((endCpu - startCpu) / ((performance.now() - startAt) / 1000)) * 100;
    },
  };
}

/** What a sampler saw: mean and peak CPU % (100 = one core), peak RSS, sample count. */
export interface ProcUsage {
  cpuMeanPct: number;
  cpuMaxPct: number;
  rssMaxMB: number;
  samples: number;
}

/** Samples a process's CPU and RSS every `intervalMs` until `stop()` is called. */
export function sampleProcess(pid: number, intervalMs = 500): { stop(): ProcUsage } {
  const startCpu = cpuSeconds(pid);
  const startAt = performance.now();
  let lastCpu = startCpu;
  let lastAt = startAt;
  let cpuMax = 0;
  let rssMax = rssBytes(pid);
  let samples = 0;
  const timer = setInterval(() => {
    if (!fs.existsSync(`/proc/${pid}`)) return; // the server died: the run reports its own failure
    const cpu = cpuSeconds(pid);
    const now = performance.now();
    cpuMax = Math.max(cpuMax, ((cpu - lastCpu) / ((now - lastAt) / 1000)) * 100);
    rssMax = Math.max(rssMax, rssBytes(pid));
    lastCpu = cpu;
    lastAt = now;
    samples++;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const elapsed = (performance.now() - startAt) / 1000;
      const endCpu = fs.existsSync(`/proc/${pid}`) ? cpuSeconds(pid) : lastCpu;
      return { cpuMeanPct: ((endCpu - startCpu) / elapsed) * 100, cpuMaxPct: cpuMax, rssMaxMB: rssMax / 2 ** 20, samples };
    },
  };
}
