import { BenchClient, openAll, sameDocument } from "../yjs-client";

export interface FanoutConfig {
  wsBase: string;
  /** Where each room's second client connects (another instance: every update crosses between them); default wsBase. */
  peerWsBase?: string;
  rooms: number;
  seconds: number;
  updatesPerSecond: number;
  roomPrefix: string;
}

export interface FanoutResult {
  latenciesMs: number[];
  sent: number;
  lost: number;
  mismatches: number;
  rooms: number;
}

/**
 * Two clients per room each insert a short token (`<seq base36>;`) at `updatesPerSecond`;
 * the peer looks the token up in the sender's map of send times when it applies it.
 * Both clients live in this process, so one clock measures send → peer applied.
 */
export async function runFanout(cfg: FanoutConfig, onStarted: () => void): Promise<FanoutResult> {
  const pairs = await openAll(cfg.rooms, 25, async (i) => {
    const room = `${cfg.roomPrefix}${i}`;
    const pair = [await BenchClient.open(cfg.wsBase, room), await BenchClient.open(cfg.peerWsBase ?? cfg.wsBase, room)] as const;
    await Promise.all(pair.map((c) => c.synced));
    return pair;
  });
  const latencies: number[] = [];
  const pending = new Map<BenchClient, Map<string, number>>();
  for (const [a, b] of pairs) {
    for (const [self, peer] of [[a, b], [b, a]] as const) {
      pending.set(self, new Map());
      self.onRemoteInsert = (inserted) => {
        const now = performance.now();
        const sentBy = pending.get(peer)!;
        for (const token of inserted.split(";")) {
          const at = sentBy.get(token);
          if (at === undefined) continue;
          latencies.push(now - at);
          sentBy.delete(token);
        }
      };
    }
  }
  onStarted();
  let sent = 0;
  const periodMs = 1000 / cfg.updatesPerSecond;
  const clients = pairs.flat();
  const timers = clients.map((client) => {
    let seq = 0;
    // A random phase per client spreads the sends instead of firing them all in one tick.
    const start = setTimeout(() => {
      interval = setInterval(() => {
        const token = (seq++).toString(36);
        pending.get(client)!.set(token, performance.now());
        client.text.insert(client.text.length, `${token};`);
        sent++;
      }, periodMs);
    }, Math.random() * periodMs);
    let interval: NodeJS.Timeout | undefined;
    return () => (clearTimeout(start), clearInterval(interval));
  });
  await sleep(cfg.seconds * 1000);
  for (const stop of timers) stop();
  // Let the last updates arrive before counting losses: an overloaded server may be seconds
  // behind, and late is not lost (the latency rows show how late). Up to 20 s, then what is
  // still missing counts as lost.
  const missing = () => [...pending.values()].reduce((n, map) => n + map.size, 0);
  await sleep(2000);
  for (let waited = 2000; missing() > 0 && waited < 20_000; waited += 500) await sleep(500);
  const lost = missing();
  const mismatches = pairs.filter(([a, b]) => !sameDocument(a, b)).length;
  await Promise.all(clients.map((c) => c.close()));
  return { latenciesMs: latencies, sent, lost, mismatches, rooms: pairs.length };
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
