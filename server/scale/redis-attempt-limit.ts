import crypto from "node:crypto";
import type { Redis } from "ioredis";
import { ACCOUNT_LIMITS, type AccountLimits, type AttemptLimit, type RateLimitOptions, type ReserveResult } from "../../app/auth/login-rate-limit.server";
import { logger } from "../logger";

// The account limits of app/auth/login-rate-limit.server.ts in Redis (issue #16), so that
// every instance counts the same attempts: the same fixed windows, and the look at the
// counter and the count are one Lua script (atomic in Redis), so forty guesses sent at once
// to two instances still get at most the limit checked.

/** Counts one attempt unless the window is full; answers {1, resetAt} or {0, wait in ms}. */
const RESERVE = `
local max = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local w = redis.call('HMGET', KEYS[1], 'attempts', 'resetAt')
local attempts = tonumber(w[1]) or 0
local resetAt = tonumber(w[2]) or 0
if resetAt <= now then
  attempts = 0
  resetAt = now + window
end
if attempts >= max then return {0, resetAt - now} end
redis.call('HSET', KEYS[1], 'attempts', attempts + 1, 'resetAt', resetAt)
redis.call('PEXPIREAT', KEYS[1], resetAt)
return {1, resetAt}
`;

/** Gives an attempt back, only in the window it was taken in. */
const RELEASE = `
local w = redis.call('HMGET', KEYS[1], 'attempts', 'resetAt')
if tonumber(w[2]) == tonumber(ARGV[1]) and (tonumber(w[1]) or 0) > 0 then
  redis.call('HINCRBY', KEYS[1], 'attempts', -1)
end
return 0
`;

/** One limit (per account, per address, …) in Redis. */
export class RedisAttemptLimit implements AttemptLimit {
  constructor(
    private readonly redis: Redis,
    private readonly name: string,
    readonly options: RateLimitOptions,
  ) {}

  async reserve(key: string, now = Date.now()): Promise<ReserveResult> {
    const redisKey = this.keyOf(key);
    const [ok, value] = (await this.redis.eval(RESERVE, 1, redisKey, this.options.maxAttempts, this.options.windowMs, now)) as [number, number];
    if (ok !== 1) return { ok: false, retryAfterMs: Number(value) };
    const resetAt = Number(value);
    let released = false;
    return {
      ok: true,
      reservation: {
        release: () => {
          if (released) return;
          released = true;
          this.redis.eval(RELEASE, 1, redisKey, resetAt).catch((error: unknown) => logger.warn(`giving back an attempt (${this.name}) failed`, error));
        },
      },
    };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.keyOf(key));
  }

  /** Addresses and e-mail addresses are personal data: Redis sees only a hash of the key. */
  private keyOf(key: string): string {
    return `koers:limit:${this.name}:${crypto.createHash("sha256").update(key).digest("base64url").slice(0, 27)}`;
  }
}

/** Every account limit in Redis, with the same numbers as one process's. */
export function redisAccountLimits(redis: Redis): AccountLimits {
  const limits = {} as AccountLimits;
  for (const name of Object.keys(ACCOUNT_LIMITS) as Array<keyof AccountLimits>) limits[name] = new RedisAttemptLimit(redis, name, ACCOUNT_LIMITS[name]);
  return limits;
}
