import { createAdapter } from "@socket.io/redis-adapter";
import type { Redis } from "ioredis";
import { loginLimits, type AccountLimits } from "../../app/auth/login-rate-limit.server";
import type { SuggestionWindow } from "../../app/meetings/lead-suggestions";
import { meetingDocName } from "../../app/collab/protocol";
import type { SessionFilter } from "../../app/services.server";
import type { CollabExtension, CollabServerApi } from "../collab/extension";
import type { ClientIdOwnership } from "../collab/extensions/client-id-ownership";
import type { SharedWriteBudget, WriteBudgetLimit } from "../collab/extensions/write-budget";
import type { ReadOnlyMeetings } from "../history/read-only-meetings";
import type { SnapshotCluster } from "../history/snapshotter";
import { logger } from "../logger";
import { MemoryDocLocks, RedisDocLocks, type DocLocks } from "./doc-locks";
import { DocumentRelay } from "./document-relay";
import { InstanceBus } from "./instance-bus";
import { redisAccountLimits } from "./redis-attempt-limit";
import { connectRedis, describeRedisUrl, quitRedis } from "./redis-connection";
import { RedisSubscriptions } from "./redis-subscriptions";
import { redisSuggestionWindow } from "./redis-suggestion-window";
import { redisWriteBudget } from "./redis-write-budget";

// Everything that changes when Koers runs as several instances (issue #16), in one place,
// so that server/koers-server.ts asks one object: with REDIS_URL the live work is shared
// through Redis (documents, awareness, socket.io rooms, limits, locks, ended sessions,
// read-only meetings); without it every piece is this process's own, exactly as before.
// docs/decisions/015.

/** What the server hands over once its parts exist. */
export interface ScaleOutParts {
  collab: CollabServerApi & { closeSessions(which: SessionFilter): void };
  readOnly: ReadOnlyMeetings;
  /** Closes this instance's socket.io connections of ended sessions. */
  disconnectSockets(which: SessionFilter): void;
  /** The login sessions (key → account) with live connections here, /yjs and socket.io. */
  openSessions(): Map<string, string>;
  /** Of these session keys, the ones the database still has (unexpired). */
  liveSessions(keys: string[]): Promise<Set<string>>;
}

export interface ScaleOut {
  /** "one process" or the Redis it shares (for the start-up log). */
  readonly description: string;
  readonly accountLimits: AccountLimits;
  readonly locks: DocLocks;
  /** socket.io between instances; undefined for one process. */
  readonly live: { adapter: ReturnType<typeof createAdapter>; suggestions: SuggestionWindow } | undefined;
  readonly snapshotCluster: SnapshotCluster | null;
  /** The write budget's bucket shared by every instance; undefined for one process. */
  sharedWriteBudget(limit: WriteBudgetLimit): SharedWriteBudget | undefined;
  /** The collab extensions that share documents between instances (none for one process). */
  extensions(clientIds: ClientIdOwnership): CollabExtension[];
  /** Starts listening to the other instances, once the server's parts exist. */
  start(parts: ScaleOutParts): Promise<void>;
  /** Tells the other instances to close the connections of ended sessions (this one closes its own). */
  closeSessionsElsewhere(which: SessionFilter): void;
  /** Says goodbye and closes the Redis connections, after the documents were stored. */
  close(): Promise<void>;
}

/** One process: memory everywhere, no Redis needed. */
function singleProcess(): ScaleOut {
  return {
    description: "one process (REDIS_URL is not set)",
    accountLimits: loginLimits,
    locks: new MemoryDocLocks(),
    live: undefined,
    snapshotCluster: null,
    sharedWriteBudget: () => undefined,
    extensions: () => [],
    start: async () => {},
    closeSessionsElsewhere: () => {},
    close: async () => {},
  };
}

/** Connects to Redis (failing clearly when it cannot) and builds the shared pieces. */
async function throughRedis(url: string): Promise<ScaleOut> {
  const connections: Redis[] = [];
  try {
    for (const role of ["commands", "subscriber", "socketio-pub", "socketio-sub"]) connections.push(await connectRedis(url, role));
  } catch (error) {
    await Promise.all(connections.map(quitRedis));
    throw error;
  }
  const [commands, subscriber, ioPub, ioSub] = connections as [Redis, Redis, Redis, Redis];
  const subscriptions = new RedisSubscriptions(subscriber);
  const bus = new InstanceBus(commands, subscriptions);
  const locks = new RedisDocLocks(commands);
  let relay: DocumentRelay | null = null;

  return {
    description: `several instances, sharing through Redis at ${describeRedisUrl(url)} (instance ${bus.instanceId})`,
    accountLimits: redisAccountLimits(commands),
    locks,
    live: { adapter: createAdapter(ioPub, ioSub, { key: "koers:socket.io" }), suggestions: redisSuggestionWindow(commands) },
    snapshotCluster: {
      locks,
      openElsewhere: (docName) => relay?.openElsewhere(docName) ?? Promise.resolve(false),
    },
    sharedWriteBudget: (limit) => redisWriteBudget(commands, limit),
    extensions(clientIds) {
      relay = new DocumentRelay({ redis: commands, subscriptions, instanceId: bus.instanceId, locks, clientIds });
      return [relay];
    },
    async start({ collab, readOnly, disconnectSockets, openSessions, liveSessions }) {
      readOnly.announceWith({ announce: (meetingId, value, wait) => bus.announceReadOnly(meetingId, value, wait) });
      await bus.start({
        closeSessions(which) {
          collab.closeSessions(which);
          disconnectSockets(which);
        },
        async readOnly(meetingId, value) {
          readOnly.announced(meetingId, value);
          // Answered once this instance's copy holds nothing unstored: its relayed changes are on their way before the answer.
          await collab.whenStored(meetingDocName(meetingId));
        },
        instanceGone(instanceId) {
          relay?.instanceGone(instanceId);
        },
      });
      // An ended session announced while this instance's subscriber was away was missed: ask the database.
      subscriptions.onReconnect(() => {
        void closeEndedSessions({ collab, disconnectSockets, openSessions, liveSessions }).catch((error: unknown) =>
          logger.error("checking the open sessions after a Redis reconnect failed", error),
        );
      });
    },
    closeSessionsElsewhere(which) {
      bus.closeSessions(which);
    },
    async close() {
      await bus.stop();
      await Promise.all(connections.map(quitRedis));
    },
  };
}

/** Closes this instance's connections of every session the database no longer has. */
async function closeEndedSessions(parts: Pick<ScaleOutParts, "collab" | "disconnectSockets" | "openSessions" | "liveSessions">): Promise<void> {
  const open = parts.openSessions();
  const live = await parts.liveSessions([...open.keys()]);
  for (const [sessionKey, userId] of open) {
    if (live.has(sessionKey)) continue;
    parts.collab.closeSessions({ userId, onlySession: sessionKey });
    parts.disconnectSockets({ userId, onlySession: sessionKey });
  }
}

/** The pieces for one process, or for several instances sharing `redisUrl`. */
export async function startScaleOut(redisUrl: string | undefined): Promise<ScaleOut> {
  const scale = redisUrl ? await throughRedis(redisUrl) : singleProcess();
  logger.info(`live work: ${scale.description}`);
  return scale;
}
