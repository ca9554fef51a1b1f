// Login and sign-up attempts are limited per key (an account, an address, a trusted browser)
// in memory: a restart resets the counters, acceptable for one server process (decision 003;
// a scale-out moves them to the shared store with the rest).

interface Window {
  /** Attempts counted in this window: those that failed plus those still being checked. */
  attempts: number;
  resetAt: number;
}

export interface RateLimitOptions {
  /** Attempts that may be checked inside one window; further ones are refused until it ends. */
  maxAttempts: number;
  windowMs: number;
}

/** A reserved attempt: `release()` when it turned out not to count (the login succeeded). */
export interface Reservation {
  release(): void;
}

/**
 * Counts attempts per key in fixed windows. An attempt is reserved *before* the slow check
 * (scrypt) starts, in the same synchronous step as the look at the counter, so forty
 * simultaneous guesses cannot all pass a check that only counts finished failures: at most
 * `maxAttempts` are ever checked in a window.
 */
export class AttemptLimiter {
  private readonly windows = new Map<string, Window>();
  constructor(readonly options: RateLimitOptions) {}

  /** Reserves one attempt, or says how many milliseconds the key must wait. */
  reserve(key: string, now = Date.now()): { ok: true; reservation: Reservation } | { ok: false; retryAfterMs: number } {
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { attempts: 0, resetAt: now + this.options.windowMs };
      this.windows.set(key, w);
      if (this.windows.size > 50_000) this.prune(now); // bounded memory under a spray of addresses
    }
    if (w.attempts >= this.options.maxAttempts) return { ok: false, retryAfterMs: w.resetAt - now };
    w.attempts++;
    const window = w;
    let released = false;
    return {
      ok: true,
      reservation: {
        release: () => {
          if (released || this.windows.get(key) !== window) return;
          released = true;
          window.attempts = Math.max(0, window.attempts - 1);
        },
      },
    };
  }

  /** Forgets the key's window (the owner proved who they are). */
  reset(key: string): void {
    this.windows.delete(key);
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}

/**
 * Reserves one attempt on each limiter, all or none: when one refuses, the others are
 * released again and the longest wait is returned.
 */
export function reserveAll(
  entries: Array<[AttemptLimiter, string]>,
  now = Date.now(),
): { ok: true; reservation: Reservation } | { ok: false; retryAfterMs: number } {
  const taken: Reservation[] = [];
  let wait = 0;
  for (const [limiter, key] of entries) {
    const result = limiter.reserve(key, now);
    if (result.ok) taken.push(result.reservation);
    else wait = Math.max(wait, result.retryAfterMs);
  }
  if (wait > 0) {
    for (const r of taken) r.release();
    return { ok: false, retryAfterMs: wait };
  }
  return { ok: true, reservation: { release: () => taken.forEach((r) => r.release()) } };
}

const FIFTEEN_MINUTES = 15 * 60_000;

/**
 * The limits (docs/architecture.md, Security model):
 * - a browser without a device cookie for the account: 5 attempts per account and 20 per
 *   address per 15 minutes (an unknown address counts like a known one);
 * - a browser that logged into the account before (trusted device): 5 per device and account
 *   per 15 minutes, and neither of the limits above, so strangers cannot lock the owner out;
 * - sign-ups: 30 per address per 15 minutes (each costs a password hash; a training day
 *   behind one practice network stays well under it).
 */
export const loginLimits = {
  perAccount: new AttemptLimiter({ maxAttempts: 5, windowMs: FIFTEEN_MINUTES }),
  perIp: new AttemptLimiter({ maxAttempts: 20, windowMs: FIFTEEN_MINUTES }),
  perTrustedDevice: new AttemptLimiter({ maxAttempts: 5, windowMs: FIFTEEN_MINUTES }),
  signUpsPerIp: new AttemptLimiter({ maxAttempts: 30, windowMs: FIFTEEN_MINUTES }),
};
