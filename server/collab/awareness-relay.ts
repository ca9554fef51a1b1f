import { awarenessMessage } from "./read-message";
import type { SharedDoc } from "./shared-doc";

/** At most this many awareness messages per second go out per document (issue #13: ten noisy clients must not flood one). */
export const AWARENESS_RELAYS_PER_SECOND = 10;

/**
 * Relays awareness changes (carets, who is here) to every connection of a document,
 * coalesced: the first change after a quiet spell goes out at once; changes within the
 * next 1/AWARENESS_RELAYS_PER_SECOND s are gathered per client id and sent as one message
 * holding each id's latest state. A caret thus lags at most 100 ms, and however many
 * clients move their carets, each connection receives at most 10 awareness messages a
 * second per document, each at most one state per client.
 */
export class AwarenessRelay {
  private readonly minGapMs: number;

  constructor(perSecond = AWARENESS_RELAYS_PER_SECOND) {
    this.minGapMs = 1000 / perSecond;
  }

  /** Awareness states of `clientIds` changed in `shared`. */
  changed(shared: SharedDoc, clientIds: number[]): void {
    if (clientIds.length === 0 || shared.phase === "destroyed") return;
    const relay = shared.relay;
    if (relay.pending) {
      for (const id of clientIds) relay.pending.add(id);
      return;
    }
    const now = performance.now();
    const wait = relay.lastAt + this.minGapMs - now;
    if (wait <= 0) {
      relay.lastAt = now;
      this.send(shared, clientIds);
      return;
    }
    relay.pending = new Set(clientIds);
    relay.timer = setTimeout(() => this.flush(shared), wait);
    relay.timer.unref();
  }

  private flush(shared: SharedDoc): void {
    const relay = shared.relay;
    const ids = relay.pending;
    relay.pending = null;
    relay.timer = null;
    if (!ids || shared.phase === "destroyed") return;
    relay.lastAt = performance.now();
    this.send(shared, [...ids]);
  }

  private send(shared: SharedDoc, clientIds: number[]): void {
    if (shared.connections.size === 0) return;
    const message = awarenessMessage(shared.awareness, clientIds);
    for (const connection of shared.connections) connection.send(message);
  }
}
