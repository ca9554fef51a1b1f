// Failed logins are limited per account and per IP address, in memory: a restart
// resets the counters, which is acceptable for one server process (docs/decisions/003).

interface Window {
  failures: number;
  resetAt: number;
}

export interface RateLimitOptions {
  /** Failures allowed inside one window before the key is blocked until the window ends. */
  maxFailures: number;
  windowMs: number;
}

/** Counts failures per key in fixed windows; `retryAfterMs` says how long a blocked key waits. */
export class FailureLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly options: RateLimitOptions) {}

  /** 0 when the key may try now, otherwise milliseconds until it may. */
  retryAfterMs(key: string, now = Date.now()): number {
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now) return 0;
    return w.failures >= this.options.maxFailures ? w.resetAt - now : 0;
  }

  recordFailure(key: string, now = Date.now()): void {
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now) this.windows.set(key, { failures: 1, resetAt: now + this.options.windowMs });
    else w.failures++;
    if (this.windows.size > 50_000) this.prune(now); // bounded memory under a spray of addresses
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}

/** 5 wrong passwords per account per 15 minutes; 20 per IP address per 15 minutes. */
export const loginLimits = {
  perAccount: new FailureLimiter({ maxFailures: 5, windowMs: 15 * 60_000 }),
  perIp: new FailureLimiter({ maxFailures: 20, windowMs: 15 * 60_000 }),
};
