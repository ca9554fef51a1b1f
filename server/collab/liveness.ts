import type { ClientConnection } from "./connection";

/** How often each connection is checked; a dropped one is cut within two of these (issue #12.6: presence gone within ~10 s). */
export const LIVENESS_INTERVAL_MS = 4000;
/** Each interval is walked in this many slices, so thousands of idle connections never cost one long pause. */
const SLICES = 8;

/**
 * Ping/pong liveness, cheap for thousands of idle connections: one timer walks the
 * connections in slices; a connection that sent anything (or answered a ping) within the
 * last interval is not pinged at all, one that is silent gets a ping, and one whose ping
 * is still unanswered one interval later is cut (its close removes its presence).
 */
export class Liveness {
  private readonly connections = new Set<ClientConnection>();
  private cursor: Iterator<ClientConnection> | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly intervalMs = LIVENESS_INTERVAL_MS) {
    this.timer = setInterval(() => this.tick(), Math.max(1, Math.floor(intervalMs / SLICES)));
    this.timer.unref();
  }

  add(connection: ClientConnection): void {
    this.connections.add(connection);
  }

  delete(connection: ClientConnection): void {
    this.connections.delete(connection);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    const count = Math.ceil(this.connections.size / SLICES);
    const now = Date.now();
    for (let i = 0; i < count; i++) {
      this.cursor ??= this.connections.values();
      const next = this.cursor.next();
      if (next.done) {
        this.cursor = null;
        return; // the walk starts over with the next slice
      }
      this.check(next.value, now);
    }
  }

  private check(connection: ClientConnection, now: number): void {
    const ws = connection.ws;
    if (!ws) return;
    if (connection.awaitingPong) {
      ws.terminate();
      return;
    }
    if (now - connection.lastSeen < this.intervalMs) return;
    connection.awaitingPong = true;
    ws.ping();
  }
}
