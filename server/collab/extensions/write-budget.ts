import { CloseCode } from "../../../app/collab/protocol";
import { Refusal, type CollabExtension } from "../extension";

/** How many bytes of updates one account may send in a window, over all its connections and documents. */
export interface WriteBudgetLimit {
  bytes: number;
  windowMs: number;
}

/**
 * Typing all day is kilobytes; pasting a long text is a few hundred. Two mebibytes a
 * minute is far beyond any person and stops a script within seconds (issue #13.5).
 */
export const DEFAULT_WRITE_BUDGET: WriteBudgetLimit = { bytes: 2 * 2 ** 20, windowMs: 60_000 };

/**
 * A write budget per account on /yjs: a token bucket of `bytes`, refilled over `windowMs`,
 * shared by every connection of the account (several tabs or documents do not multiply
 * it). An update that does not fit is refused whole with 4430. In memory, per process.
 */
export function writeBudget(limit: WriteBudgetLimit = DEFAULT_WRITE_BUDGET, now: () => number = () => performance.now()): CollabExtension {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refill = (bucket: { tokens: number; at: number }, t: number) => {
    bucket.tokens = Math.min(limit.bytes, bucket.tokens + ((t - bucket.at) * limit.bytes) / limit.windowMs);
    bucket.at = t;
  };
  let sweepAt = now();
  return {
    name: "write-budget",
    beforeApplyUpdate(connection, update) {
      const t = now();
      const account = connection.identity.userId;
      let bucket = buckets.get(account);
      if (!bucket) buckets.set(account, (bucket = { tokens: limit.bytes, at: t }));
      else refill(bucket, t);
      if (bucket.tokens < update.bytes.length) {
        throw new Refusal(CloseCode.writeBudgetExceeded, `more than ${limit.bytes} bytes in ${limit.windowMs / 1000} s`);
      }
      bucket.tokens -= update.bytes.length;
      // Full buckets say nothing; forget them now and then so the map stays small.
      if (t - sweepAt > limit.windowMs) {
        sweepAt = t;
        for (const [key, b] of buckets) {
          refill(b, t);
          if (b.tokens >= limit.bytes) buckets.delete(key);
        }
      }
    },
  };
}
