import { BenchClient, openAll, sameDocument } from "../yjs-client";
import { sleep } from "./fanout";

export interface SaturationConfig {
  wsBase: string;
  rooms: number;
  seconds: number;
  /** Updates a client may have sent but not yet seen echoed (flow control instead of an unbounded queue). */
  window: number;
}

export interface SaturationResult {
  /** Updates clients sent (until the clock stopped). */
  sent: number;
  /** Updates both clients of their room had received back when the clock stopped. */
  accepted: number;
  /** Update messages all clients received in the end (should be 2 × sent). */
  delivered: number;
  seconds: number;
  perSecond: number;
  clients: number;
  mismatches: number;
}

/**
 * Every client sends small inserts as fast as the server echoes them back. The server
 * broadcasts an update only after it is in SQLite, so echoes counted = updates persisted.
 */
export async function runSaturation(cfg: SaturationConfig): Promise<SaturationResult> {
  const pairs = await openAll(cfg.rooms, 20, async (i) => {
    const pair = [await BenchClient.open(cfg.wsBase, `sat${i}`), await BenchClient.open(cfg.wsBase, `sat${i}`)] as const;
    await Promise.all(pair.map((c) => c.synced));
    return pair;
  });
  const clients = pairs.flat();
  let sent = 0;
  let running = true;
  const start = performance.now();
  // The server sends every accepted update to both clients of the room (the sender too),
  // so a room's accepted count is what both have received; in flight = sent - accepted.
  const pump = (a: BenchClient, b: BenchClient) => {
    let roomSent = 0;
    const tick = () => {
      if (!running) return;
      const accepted = Math.min(a.updatesReceived, b.updatesReceived);
      for (let k = roomSent - accepted; k < cfg.window; k++) {
        const writer = roomSent % 2 ? a : b;
        writer.text.insert(writer.text.length, "x");
        roomSent++;
        sent++;
      }
      setImmediate(tick);
    };
    tick();
  };
  for (const [a, b] of pairs) pump(a, b);
  await sleep(cfg.seconds * 1000);
  running = false;
  const seconds = (performance.now() - start) / 1000;
  let accepted = 0;
  for (const [a, b] of pairs) accepted += Math.min(a.updatesReceived, b.updatesReceived);
  await sleep(2000);
  let delivered = 0;
  for (const c of clients) delivered += c.updatesReceived;
  const mismatches = pairs.filter(([a, b]) => !sameDocument(a, b)).length;
  await Promise.all(clients.map((c) => c.close()));
  return { sent, accepted, delivered, seconds, perSecond: accepted / seconds, clients: clients.length, mismatches };
}
