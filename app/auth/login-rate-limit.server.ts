// Login and sign-up attempts are limited per key (an account, an address, a trusted browser).
// One process keeps the counters in memory (a restart resets them: decision 003); several
// instances keep them in Redis (server/scale/redis-attempt-limit.ts, issue #16), behind the
// same AttemptLimit interface, so every instance counts the same attempts.

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

export type ReserveResult = { ok: true; reservation: Reservation } | { ok: false; retryAfterMs: number };

/** Counts attempts per key in fixed windows; reserving is atomic (the look at the counter and the count are one step). */
export interface AttemptLimit {
  readonly options: RateLimitOptions;
  /** Reserves one attempt, or says how many milliseconds the key must wait. */
  reserve(key: string, now?: number): Promise<ReserveResult>;
  /** Forgets the key's window (the owner proved who they are). */
  reset(key: string): Promise<void>;
}

/**
 * Counts attempts per key in fixed windows. An attempt is reserved *before* the slow check
 * (scrypt) starts, in the same synchronous step as the look at the counter, so forty
 * simultaneous guesses cannot all pass a check that only counts finished failures: at most
 * `maxAttempts` are ever checked in a window.
 */
export class AttemptLimiter implements AttemptLimit {
  private readonly windows = new Map<string, Window>();
  constructor(readonly options: RateLimitOptions) {}

  async reserve(key: string, now = Date.now()): Promise<ReserveResult> {
    return this.reserveNow(key, now);
  }

  /** Reserves one attempt, in the same synchronous step as the look at the counter. */
  reserveNow(key: string, now = Date.now()): ReserveResult {
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

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}

/**
 * Reserves one attempt on each limiter, all or none: when one refuses, the others are
 * released again and the longest wait is returned. Each reservation is atomic on its own, so
 * concurrent attempts can only be refused too early, never let through past a limit.
 */
export async function reserveAll(entries: ReadonlyArray<readonly [AttemptLimit, string]>, now = Date.now()): Promise<ReserveResult> {
  const taken: Reservation[] = [];
  let wait = 0;
  for (const [limiter, key] of entries) {
    const result = await limiter.reserve(key, now);
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

/** Every limit on accounts (login, sign-up, password reset), as the services carry them. */
export interface AccountLimits {
  perAccount: AttemptLimit;
  perIp: AttemptLimit;
  perTrustedDevice: AttemptLimit;
  signUpsPerIp: AttemptLimit;
  /** "Wachtwoord vergeten" requests per IP address (app/auth/password-reset.server.ts). */
  resetRequestsPerIp: AttemptLimit;
}

/**
 * The limits (docs/architecture.md, Security model):
 * - a browser without a device cookie for the account: 5 attempts per account and 20 per
 *   address per 15 minutes (an unknown address counts like a known one);
 * - a browser that logged into the account before (trusted device): 5 per device and account
 *   per 15 minutes, and neither of the limits above, so strangers cannot lock the owner out;
 * - sign-ups: 30 per address per 15 minutes (each costs a password hash; a training day
 *   behind one practice network stays well under it);
 * - password-reset requests: 30 per address per hour (each address itself gets at most 3
 *   links an hour, counted in the database).
 */
export const ACCOUNT_LIMITS: Record<keyof AccountLimits, RateLimitOptions> = {
  perAccount: { maxAttempts: 5, windowMs: FIFTEEN_MINUTES },
  perIp: { maxAttempts: 20, windowMs: FIFTEEN_MINUTES },
  perTrustedDevice: { maxAttempts: 5, windowMs: FIFTEEN_MINUTES },
  signUpsPerIp: { maxAttempts: 30, windowMs: FIFTEEN_MINUTES },
  resetRequestsPerIp: { maxAttempts: 30, windowMs: 60 * 60_000 },
};

/** The account limits of one process, in memory. */
export function memoryAccountLimits(): AccountLimits {
  const limits = {} as AccountLimits;
  for (const name of Object.keys(ACCOUNT_LIMITS) as Array<keyof AccountLimits>) limits[name] = new AttemptLimiter(ACCOUNT_LIMITS[name]);
  return limits;
}

/** This process's limits when the services bring none (one process, and tests that call the domain directly). */
export const loginLimits: AccountLimits = memoryAccountLimits();
