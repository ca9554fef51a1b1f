import { startRedisServer } from "../tests/support/redis-server";
import { benchSessionSecret } from "./access";
import { pinToServerCore } from "./cpu-affinity";
import { startKoers, type ServerChild } from "./servers";

// The two-instance fan-out's servers (issue #16): two production Koers processes on one
// SQLite file and one redis-server, all on the server's core, so that the figure is the
// cost of sharing the live work (every update crosses to the other instance through
// Redis) with the same CPU as the single instance had, not the gain of a second machine.

/** Two instances and their Redis, as one server under test. */
export interface KoersCluster {
  instances: [ServerChild, ServerChild];
  redisPid: number;
  stop(): Promise<void>;
}

/** Starts Redis and two Koers instances sharing one fresh SQLite file. */
export async function startKoersCluster(): Promise<KoersCluster> {
  const redis = await startRedisServer();
  pinToServerCore(redis.pid);
  const sessionSecret = benchSessionSecret();
  const first = await startKoers([], { sessionSecret, redisUrl: redis.url });
  const second = await startKoers([], { sessionSecret, redisUrl: redis.url, database: first.database });
  return {
    instances: [first, second],
    redisPid: redis.pid,
    async stop() {
      await Promise.all([first.stop(), second.stop()]);
      await redis.stop();
    },
  };
}
