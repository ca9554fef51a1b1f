import { fork } from "node:child_process";
import type { WorkerMessage } from "./load-worker";
import { pinToLoadCores } from "./cpu-affinity";

/** Hooks the orchestrator gives a load worker run. */
export interface WorkerHooks {
  /** The worker process exists (its pid, to sample its CPU). */
  onSpawned?: (pid: number) => void;
  onStarted?: () => void;
  /** Called at each checkpoint; the worker waits until it resolves. */
  onCheckpoint?: (name: string) => Promise<void>;
}

/** Runs one scenario in a separate load process (tsx) and resolves with its result. */
export function runWorker<T>(scenario: string, config: object, hooks: WorkerHooks = {}): Promise<T> {
  const child = fork(new URL("./load-worker.ts", import.meta.url).pathname, [scenario, JSON.stringify(config)], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  // Off the server's core, so the load generator does not compete with what it measures.
  pinToLoadCores(child.pid!);
  hooks.onSpawned?.(child.pid!);
  return new Promise<T>((resolve, reject) => {
    child.on("message", (message: WorkerMessage) => {
      if (message.type === "started") hooks.onStarted?.();
      else if (message.type === "checkpoint") {
        void (hooks.onCheckpoint?.(message.name) ?? Promise.resolve()).then(() => child.send({ type: "continue" }));
      } else if (message.type === "result") {
        resolve(message.result as T);
        child.kill(); // open handles (timers, sockets) must not keep it alive
      } else if (message.type === "error") {
        reject(new Error(`${scenario} worker failed: ${message.message}`));
        child.kill();
      }
    });
    child.once("exit", (code) => reject(new Error(`${scenario} worker exited with ${code} before a result`)));
  });
}
