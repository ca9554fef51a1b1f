import crypto from "node:crypto";
import type { Redis } from "ioredis";

// Work on a document that one instance at a time may do (issue #16): its compaction and its
// interval snapshot. A lock is a lease: it runs out by itself, so a crashed holder never
// blocks the others for longer than its time.

/** Releases a lock (only if it is still this holder's). */
export type LockRelease = () => void;

export interface DocLocks {
  /** Takes the lock `name` for at most `ttlMs`, or resolves null when another holder has it. */
  tryLock(name: string, ttlMs: number): Promise<LockRelease | null>;
}

/** One process: the locks are a map (two timers of one process never race, but the code path is the same). */
export class MemoryDocLocks implements DocLocks {
  private readonly held = new Map<string, { token: symbol; until: number }>();

  async tryLock(name: string, ttlMs: number): Promise<LockRelease | null> {
    const now = Date.now();
    const current = this.held.get(name);
    if (current && current.until > now) return null;
    const token = Symbol(name);
    this.held.set(name, { token, until: now + ttlMs });
    return () => {
      if (this.held.get(name)?.token === token) this.held.delete(name);
    };
  }
}

/** Deletes the key only while it still holds this holder's token (an expired lock may be someone else's now). */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/** Several instances: SET NX PX with a random token, released by a compare-and-delete script. */
export class RedisDocLocks implements DocLocks {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "koers:lock:",
  ) {}

  async tryLock(name: string, ttlMs: number): Promise<LockRelease | null> {
    const key = this.prefix + name;
    const token = crypto.randomBytes(12).toString("base64url");
    const taken = await this.redis.set(key, token, "PX", Math.max(1, Math.round(ttlMs)), "NX");
    if (taken !== "OK") return null;
    return () => {
      // Left to run out when the release fails: it is a lease.
      this.redis.eval(RELEASE, 1, key, token).catch(() => {});
    };
  }
}
