/** Benchmark sizes, each overridable by an environment variable (for quick runs). */
export interface BenchConfig {
  roomCounts: number[];
  /** The two-instance fan-outs (issue #16); BENCH_CLUSTER_ROOMS= (empty) skips them. */
  clusterRoomCounts: number[];
  seconds: number;
  updatesPerSecond: number;
  idleRooms: number;
  cycles: number;
  coldUpdates: number;
  coldLoads: number;
  saturationRooms: number;
  saturationSeconds: number;
  /** Write a V8 CPU profile of the Koers server during the largest fan-out run. */
  profile: boolean;
}

const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

/** Reads the configuration from BENCH_* environment variables, with the defaults of the brief. */
export function readConfig(): BenchConfig {
  return {
    // BENCH_ROOMS= (empty) skips the fan-outs, for a quick look at the other phases.
    roomCounts: (process.env.BENCH_ROOMS ?? "100,300").split(",").filter(Boolean).map(Number),
    clusterRoomCounts: (process.env.BENCH_CLUSTER_ROOMS ?? process.env.BENCH_ROOMS ?? "100,300").split(",").filter(Boolean).map(Number),
    seconds: num("BENCH_SECONDS", 20),
    updatesPerSecond: num("BENCH_RATE", 5),
    idleRooms: num("BENCH_IDLE_ROOMS", 1000),
    cycles: num("BENCH_CYCLES", 10_000),
    coldUpdates: num("BENCH_COLD_UPDATES", 100_000),
    coldLoads: num("BENCH_COLD_LOADS", 20),
    saturationRooms: num("BENCH_SAT_ROOMS", 20),
    saturationSeconds: num("BENCH_SAT_SECONDS", 5),
    profile: process.env.BENCH_PROFILE === "1",
  };
}
