import { CloseCode } from "../../../app/collab/protocol";
import { logger } from "../../logger";
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

/** The same bucket kept for every instance together (Redis): takes bytes and answers how many are left there, for all instances. */
export interface SharedWriteBudget {
  take(account: string, bytes: number): Promise<number>;
}

interface Bucket {
  tokens: number;
  at: number;
  /** Bytes taken here whose take is still on its way to the shared bucket. */
  inFlight: number;
}

/**
 * A write budget per account on /yjs: a token bucket of `bytes`, refilled over `windowMs`,
 * shared by every connection of the account (several tabs or documents do not multiply
 * it). An update that does not fit is refused whole with 4430. The check is this process's
 * bucket, at once; with several instances (`shared`, Redis) every take is also sent to the
 * bucket they share, and its answer lowers this one's to what is left for the account
 * everywhere, so two instances cannot double it (one round trip of overshoot at most).
 */
export function writeBudget(limit: WriteBudgetLimit = DEFAULT_WRITE_BUDGET, now: () => number = () => performance.now(), shared?: SharedWriteBudget): CollabExtension {
  const buckets = new Map<string, Bucket>();
  let sharedErrorLoggedAt = -Infinity;
  const refill = (bucket: Bucket, t: number) => {
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
      if (!bucket) buckets.set(account, (bucket = { tokens: limit.bytes, at: t, inFlight: 0 }));
      else refill(bucket, t);
      const bytes = update.bytes.length;
      if (bucket.tokens < bytes) {
        throw new Refusal(CloseCode.writeBudgetExceeded, `more than ${limit.bytes} bytes in ${limit.windowMs / 1000} s`);
      }
      bucket.tokens -= bytes;
      if (shared) {
        const local = bucket;
        local.inFlight += bytes;
        shared.take(account, bytes).then(
          (left) => {
            local.inFlight -= bytes;
            refill(local, now());
            // What is left everywhere, less what this instance took since (still on its way).
            local.tokens = Math.min(local.tokens, left - local.inFlight);
          },
          (error: unknown) => {
            // Redis is away: this instance's own bucket still holds.
            local.inFlight -= bytes;
            if (now() - sharedErrorLoggedAt > 10_000) {
              sharedErrorLoggedAt = now();
              logger.error("the shared write budget could not be updated; limiting per instance meanwhile", error);
            }
          },
        );
      }
      // Full buckets say nothing; forget them now and then so the map stays small.
      if (t - sweepAt > limit.windowMs) {
        sweepAt = t;
        for (const [key, b] of buckets) {
          refill(b, t);
          if (b.tokens >= limit.bytes && b.inFlight === 0) buckets.delete(key);
        }
      }
    },
  };
}
