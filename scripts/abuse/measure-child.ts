import { EditProbe, HealthMonitor, type Stats } from "./measure";

// The measuring side of `npm run abuse`, in a process of its own so that the attackers' work in
// the main process (building 200 MB bodies, 20,000 emits) does not show up as server latency.

export type MeasureCommand =
  | { type: "open"; baseUrl: string; docName: string; cookie: string }
  | { type: "start" }
  | { type: "stop" }
  | { type: "stored" }
  | { type: "close" };

export type MeasureReply =
  | { type: "opened" }
  | { type: "started" }
  | { type: "stopped"; healthz: Stats; healthzFailures: number; roundTrip: Stats; missing: number; closedWith: number[] }
  | { type: "stored"; typed: number; stored: number }
  | { type: "error"; message: string };

let probe: EditProbe | null = null;
let monitor: HealthMonitor | null = null;
const reply = (message: MeasureReply) => process.send!(message);

process.on("message", (command: MeasureCommand) => {
  void (async () => {
    try {
      if (command.type === "open") {
        probe = new EditProbe(command.baseUrl, command.docName, command.cookie);
        monitor = new HealthMonitor(command.baseUrl);
        await probe.open();
        reply({ type: "opened" });
      } else if (command.type === "start") {
        await probe!.start();
        monitor!.start();
        reply({ type: "started" });
      } else if (command.type === "stop") {
        const [edits, health] = await Promise.all([probe!.stop(), monitor!.stop()]);
        reply({ type: "stopped", healthz: health.latency, healthzFailures: health.failures, roundTrip: edits.roundTrip, missing: edits.missing, closedWith: edits.closedWith });
      } else if (command.type === "stored") {
        reply({ type: "stored", ...(await probe!.storedOnServer()) });
      } else {
        probe?.close();
        process.exit(0);
      }
    } catch (error) {
      reply({ type: "error", message: error instanceof Error ? error.stack ?? error.message : String(error) });
    }
  })();
});
