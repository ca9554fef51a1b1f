import { BenchClient } from "../yjs-client";
import { sleep } from "./fanout";

export interface ColdConfig {
  wsBase: string;
  updates: number;
  loads: number;
  /** Updates in flight while replaying the log (flow control on the server's echoes). */
  window: number;
}

export interface ColdResult {
  updates: number;
  replaySeconds: number;
  loadMs: number[];
  /** Loads whose text differed from what was typed. */
  mismatches: number;
}

/**
 * Types `updates` small inserts into one meeting through the server (which logs each
 * and compacts as it goes), closes, then times connect → synced for `loads` new
 * clients, one at a time, waiting after each close so the server unloads the doc.
 */
export async function runCold(cfg: ColdConfig): Promise<ColdResult> {
  const room = "cold";
  const writer = await BenchClient.open(cfg.wsBase, room);
  await writer.synced;
  const start = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      // updatesReceived counts the server's echoes of this client's own updates.
      for (let k = sent - writer.updatesReceived; k < cfg.window && sent < cfg.updates; k++) {
        writer.text.insert(writer.text.length, (sent++ % 36).toString(36));
      }
      if (writer.updatesReceived >= cfg.updates) resolve();
      else setImmediate(tick);
    };
    tick();
  });
  const replaySeconds = (performance.now() - start) / 1000;
  const expected = writer.text.toString();
  await writer.close();
  await sleep(1000); // the last close compacts and unloads the doc
  const loadMs: number[] = [];
  let mismatches = 0;
  for (let i = 0; i < cfg.loads; i++) {
    const t0 = performance.now();
    const reader = await BenchClient.open(cfg.wsBase, room);
    loadMs.push((await reader.synced) - t0);
    if (reader.text.toString() !== expected) mismatches++;
    await reader.close();
    await sleep(300);
  }
  return { updates: cfg.updates, replaySeconds, loadMs, mismatches };
}
