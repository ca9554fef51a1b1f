import { BenchClient, openAll, sameDocument } from "../yjs-client";
import { sleep } from "./fanout";

export interface IdleConfig {
  wsBase: string;
  rooms: number;
  cycles: number;
}

export interface IdleResult {
  rooms: number;
  cycles: number;
  mismatches: number;
  failedCycles: number;
}

/**
 * Opens `rooms` rooms × 2 clients with a small document and holds them while the
 * orchestrator reads the server's RSS (`checkpoint`), closes them, then runs `cycles`
 * open/close cycles of fresh rooms (one client each) for the leak check.
 */
export async function runIdle(cfg: IdleConfig, checkpoint: (name: string) => Promise<void>): Promise<IdleResult> {
  const pairs = await openAll(cfg.rooms, 25, async (i) => {
    const a = await BenchClient.open(cfg.wsBase, `idle${i}`);
    const b = await BenchClient.open(cfg.wsBase, `idle${i}`);
    await Promise.all([a.synced, b.synced]);
    a.text.insert(0, "Agenda: voortgang, casus, leerdoelen."); // a small document, ~40 bytes
    return [a, b] as const;
  });
  await sleep(2000); // the inserts reach the peers and the server settles
  const mismatches = pairs.filter(([a, b]) => !sameDocument(a, b)).length;
  await checkpoint("rooms-open");
  await Promise.all(pairs.flat().map((c) => c.close()));
  await sleep(2000);
  await checkpoint("rooms-closed");
  let failedCycles = 0;
  await openAll(cfg.cycles, 50, async (i) => {
    const c = await BenchClient.open(cfg.wsBase, `cycle${i}`);
    const synced = await Promise.race([c.synced, sleep(5000).then(() => null)]);
    if (synced === null) failedCycles++;
    else c.text.insert(0, "x");
    await c.close();
  });
  await sleep(2000);
  return { rooms: pairs.length, cycles: cfg.cycles, mismatches, failedCycles };
}
