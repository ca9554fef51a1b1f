import crypto from "node:crypto";
import type { Redis } from "ioredis";
import type { SharedWriteBudget, WriteBudgetLimit } from "../collab/extensions/write-budget";

// The /yjs write budget per account, shared by every instance (issue #16): one token bucket
// per account in Redis, refilled on Redis's clock (so the instances' clocks do not matter),
// and allowed to go below zero: a take is recorded even when the instance that checked it
// had not heard of the others' takes yet, and everyone then refuses until it refills.

const TAKE = `
local capacity = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local take = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or capacity
local at = tonumber(bucket[2]) or now
tokens = math.min(capacity, tokens + (now - at) * capacity / window) - take
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], window * 2)
return tostring(tokens)
`;

/** The shared bucket of each account, in Redis. */
export function redisWriteBudget(redis: Redis, limit: WriteBudgetLimit, prefix = "koers:write-budget:"): SharedWriteBudget {
  return {
    async take(account, bytes) {
      // Account ids are not secret, but a key need not say whose it is.
      const key = prefix + crypto.createHash("sha256").update(account).digest("base64url").slice(0, 22);
      const left = await redis.eval(TAKE, 1, key, limit.bytes, limit.windowMs, bytes);
      return Number(left);
    },
  };
}
