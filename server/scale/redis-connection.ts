import { Redis } from "ioredis";
import { logger } from "../logger";

// The Redis connections of one instance (issue #16). ioredis reconnects by itself and, for a
// subscriber, subscribes again; what an instance may have missed meanwhile it reads back from
// the database (docs/decisions/015).

/** How long the first connection may take before the start fails. */
const CONNECT_TIMEOUT_MS = 5000;

/** Where a Redis URL points, without its password (for logs and errors). */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "an unparsable REDIS_URL";
  }
}

/**
 * Opens one connection and waits until it answers PING. An unreachable or wrong URL fails
 * with a message that names it, so the server does not start half-connected.
 */
export async function connectRedis(url: string, role: string): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectionName: `koers-${role}`,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // A command waits for a reconnect at most a few tries, then fails (and is reported) rather than hanging.
    maxRetriesPerRequest: 3,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  // ioredis also emits "error" for every failed reconnect attempt: logged once per outage.
  let down = false;
  redis.on("error", (error: Error) => {
    if (down) return;
    down = true;
    logger.error(`redis (${role}) connection failed: ${error.message}; reconnecting`);
  });
  redis.on("ready", () => {
    if (down) logger.info(`redis (${role}) connected again`);
    down = false;
  });
  try {
    await withTimeout(redis.connect(), CONNECT_TIMEOUT_MS);
    await withTimeout(redis.ping(), CONNECT_TIMEOUT_MS);
  } catch (error) {
    redis.disconnect();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`REDIS_URL (${describeRedisUrl(url)}) cannot be reached: ${reason}`);
  }
  return redis;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}

/** Closes a connection, waiting for replies still due (published messages reach Redis first). */
export async function quitRedis(redis: Redis): Promise<void> {
  try {
    await withTimeout(redis.quit(), 2000);
  } catch {
    redis.disconnect();
  }
}
