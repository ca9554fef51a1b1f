import { spawnSync } from "node:child_process";
import os from "node:os";

// Where the machine allows it, the server under test runs on one core and the load
// processes on the others (issue #14: the load generator must not compete with the server
// for the same core). `taskset` (util-linux) sets the CPU affinity.

const hasTaskset = spawnSync("taskset", ["--version"], { stdio: "ignore" }).status === 0;
const cores = os.availableParallelism?.() ?? os.cpus().length;

/** The CPU lists for the server and the load, or null when pinning is not possible here. */
export const affinity: { server: string; load: string } | null = hasTaskset && cores >= 2 ? { server: "0", load: `1-${cores - 1}` } : null;

/** A command line that runs `command args` on the server's core (unchanged when pinning is not possible). */
export function onServerCore(command: string, args: string[]): { command: string; args: string[] } {
  return affinity ? { command: "taskset", args: ["-c", affinity.server, command, ...args] } : { command, args };
}

/** Moves a running process (all its threads) onto the server's core; no-op when pinning is not possible. */
export function pinToServerCore(pid: number): void {
  if (affinity) spawnSync("taskset", ["-a", "-p", "-c", affinity.server, String(pid)], { stdio: "ignore" });
}

/** Moves a running process (all its threads) onto the load cores; no-op when pinning is not possible. */
export function pinToLoadCores(pid: number): void {
  if (affinity) spawnSync("taskset", ["-a", "-p", "-c", affinity.load, String(pid)], { stdio: "ignore" });
}

/** How the run was placed, for the report. */
export function affinityNote(): string {
  return affinity ? `server on CPU ${affinity.server}, load on CPU ${affinity.load} (taskset)` : "not pinned (no taskset or one core)";
}
