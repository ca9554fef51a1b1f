// A load process, separate from the servers: runs one scenario given as
// argv[2] (name) and argv[3] (JSON config) and sends its result to the parent over IPC.
import { runFanout, type FanoutConfig } from "./scenarios/fanout";
import { runIdle, type IdleConfig } from "./scenarios/idle";
import { runCold, type ColdConfig } from "./scenarios/cold";
import { runSaturation, type SaturationConfig } from "./scenarios/saturation";

/** A message between the orchestrator and a load worker. */
export type WorkerMessage =
  | { type: "started" }
  | { type: "checkpoint"; name: string }
  | { type: "continue" }
  | { type: "result"; result: unknown }
  | { type: "error"; message: string };

function post(message: WorkerMessage): void {
  process.send!(message);
}

/** Tells the parent we reached `name` and waits until it has measured what it wants. */
function checkpoint(name: string): Promise<void> {
  return new Promise((resolve) => {
    process.once("message", () => resolve());
    post({ type: "checkpoint", name });
  });
}

async function main(): Promise<unknown> {
  const [name, json] = process.argv.slice(2);
  const cfg = JSON.parse(json ?? "{}");
  switch (name) {
    case "fanout":
      return runFanout(cfg as FanoutConfig, () => post({ type: "started" }));
    case "idle":
      return runIdle(cfg as IdleConfig, checkpoint);
    case "cold":
      return runCold(cfg as ColdConfig);
    case "saturation":
      return runSaturation(cfg as SaturationConfig);
    default:
      throw new Error(`unknown scenario ${name}`);
  }
}

main().then(
  (result) => {
    // No disconnect here: it can drop a large result still queued; the parent kills us.
    post({ type: "result", result });
  },
  (error: unknown) => {
    post({ type: "error", message: error instanceof Error ? error.stack ?? error.message : String(error) });
  },
);
