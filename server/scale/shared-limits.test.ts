import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { startRedisServer, type RedisServer } from "../../tests/support/redis-server";
import { RedisAttemptLimit } from "./redis-attempt-limit";
import { redisSuggestionWindow } from "./redis-suggestion-window";
import { RedisDocLocks } from "./doc-locks";
import { redisWriteBudget } from "./redis-write-budget";

// What several instances share in Redis (issue #16), against a real redis-server: each
// "instance" is its own connection, as two processes would be.

let redis: RedisServer;
const connections: Redis[] = [];
const connect = () => {
  const r = new Redis(redis.url);
  connections.push(r);
  return r;
};

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const c of connections) c.disconnect();
  await redis.stop();
});

describe("attempt limits in Redis", () => {
  it("let at most the limit through when forty attempts reach two instances at once", async () => {
    const options = { maxAttempts: 5, windowMs: 60_000 };
    const one = new RedisAttemptLimit(connect(), "perAccount", options);
    const two = new RedisAttemptLimit(connect(), "perAccount", options);
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).reserve("jansen@praktijk.nl")));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    const refused = results.find((r) => !r.ok);
    expect(refused && !refused.ok && refused.retryAfterMs).toBeGreaterThan(59_000);
  });

  it("give a released attempt back in its own window only, and forget a reset key", async () => {
    const options = { maxAttempts: 2, windowMs: 200 };
    const limit = new RedisAttemptLimit(connect(), "perIp", options);
    const first = await limit.reserve("10.0.0.1");
    expect((await limit.reserve("10.0.0.1")).ok).toBe(true);
    expect((await limit.reserve("10.0.0.1")).ok).toBe(false);
    if (first.ok) first.reservation.release();
    await new Promise((r) => setTimeout(r, 50));
    expect((await limit.reserve("10.0.0.1")).ok).toBe(true);
    await limit.reset("10.0.0.1");
    expect((await limit.reserve("10.0.0.1")).ok).toBe(true);
    // A new window: the old window's release does not lower the new count.
    await new Promise((r) => setTimeout(r, 250));
    const fresh = await limit.reserve("10.0.0.1");
    if (first.ok) first.reservation.release();
    expect(fresh.ok).toBe(true);
    expect((await limit.reserve("10.0.0.1")).ok).toBe(true);
    expect((await limit.reserve("10.0.0.1")).ok).toBe(false);
  });

  it("keep addresses out of Redis's keys", async () => {
    const r = connect();
    await new RedisAttemptLimit(r, "signUpsPerIp", { maxAttempts: 3, windowMs: 60_000 }).reserve("sanne@praktijk.nl");
    const keys = await r.keys("koers:limit:*");
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(" ")).not.toContain("sanne");
  });
});

describe("the repeated-suggestion window in Redis", () => {
  it("lets 2,000 copies sent to two instances reach the aios once, and the next after an answer", async () => {
    const one = redisSuggestionWindow(connect());
    const two = redisSuggestionWindow(connect());
    const delivered = await Promise.all(Array.from({ length: 2000 }, (_, i) => (i % 2 ? one : two).shouldDeliver("m-1", "item-a")));
    expect(delivered.filter(Boolean)).toHaveLength(1);
    expect(await one.shouldDeliver("m-1", "item-b")).toBe(true);
    await two.answered("m-1");
    expect(await one.shouldDeliver("m-1", "item-b")).toBe(true);
  });
});

describe("document locks in Redis", () => {
  it("give a lock to one instance at a time, and let it run out when its holder is gone", async () => {
    const one = new RedisDocLocks(connect());
    const two = new RedisDocLocks(connect());
    const held = await one.tryLock("compact:meeting.x", 300);
    expect(held).not.toBeNull();
    expect(await two.tryLock("compact:meeting.x", 300)).toBeNull();
    held!();
    await new Promise((r) => setTimeout(r, 50));
    const taken = await two.tryLock("compact:meeting.x", 150);
    expect(taken).not.toBeNull();
    // The first holder's late release does not free the second holder's lock.
    held!();
    await new Promise((r) => setTimeout(r, 50));
    expect(await one.tryLock("compact:meeting.x", 150)).toBeNull();
    // Never released: it runs out.
    await new Promise((r) => setTimeout(r, 200));
    expect(await one.tryLock("compact:meeting.x", 150)).not.toBeNull();
  });
});

describe("the write budget's shared bucket", () => {
  it("counts the takes of every instance against one budget", async () => {
    const limit = { bytes: 1000, windowMs: 60_000 };
    const one = redisWriteBudget(connect(), limit);
    const two = redisWriteBudget(connect(), limit);
    expect(await one.take("account-1", 600)).toBeCloseTo(400, -1);
    expect(await two.take("account-1", 300)).toBeCloseTo(100, -1);
    expect(await two.take("account-1", 300)).toBeLessThan(0);
    // Another account has its own budget.
    expect(await one.take("account-2", 10)).toBeCloseTo(990, -1);
  });
});
