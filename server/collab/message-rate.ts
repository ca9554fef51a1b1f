/** How many messages one connection may send: a burst, refilled at a steady rate. */
export interface MessageRateLimit {
  /** Messages a connection may send at once (the bucket's size). */
  burst: number;
  /** Messages per second that flow back into the bucket. */
  perSecond: number;
}

/**
 * The /yjs default. A y-websocket client sends one message per editor transaction and one
 * per caret move: fast typing (~15 keys/s) or a held key (auto-repeat ≤ 33/s) stays under
 * ~70 messages/s, and a paste, undo or reconnect is one or a few messages. A flood of
 * hundreds per second is refused after ~2 s at most (see docs/decisions/005).
 */
export const DEFAULT_MESSAGE_RATE: MessageRateLimit = { burst: 200, perSecond: 100 };

/** A token bucket for one connection: `take()` per message, false once the connection is over its limit. */
export class MessageRate {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: MessageRateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = limit.burst;
    this.last = now();
  }

  /** Counts one message; false when the bucket is empty (the message must not be handled). */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) * this.limit.perSecond) / 1000);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
