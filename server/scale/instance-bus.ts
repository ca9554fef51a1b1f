import crypto from "node:crypto";
import type { Redis } from "ioredis";
import type { SessionFilter } from "../../app/services.server";
import { logger } from "../logger";
import type { RedisSubscriptions } from "./redis-subscriptions";

// The channel every instance listens on (issue #16): ended sessions, read-only meetings,
// and a heartbeat so that the others notice when one is gone (then they read their open
// documents back from the store: what it stored but had not yet relayed is not lost to
// their clients). docs/decisions/015.

export const INSTANCE_CHANNEL = "koers:instances";

/** How often an instance says it is alive, and after how long without a word it counts as gone. */
const HEARTBEAT_MS = 2000;
const GONE_AFTER_MS = 7000;
/** How long a read-only announcement waits for the other instances' answers before it goes on. */
const ACK_TIMEOUT_MS = 2000;

export type InstanceMessage =
  | { type: "heartbeat" | "goodbye"; from: string }
  | { type: "closeSessions"; from: string; which: SessionFilter }
  /** `request` asks every instance to answer once the document holds nothing unstored and unrelayed. */
  | { type: "readOnly"; from: string; meetingId: string; readOnly: boolean; request: string | null }
  | { type: "readOnlyAck"; from: string; request: string };

type Payload<T extends InstanceMessage["type"]> = Omit<Extract<InstanceMessage, { type: T }>, "from" | "type">;

export interface InstanceBusHandlers {
  /** Another instance ended sessions: close their connections here. */
  closeSessions(which: SessionFilter): void;
  /** Another instance made a meeting read-only (or writable again); resolves once this instance's copy of its document holds nothing unstored. */
  readOnly(meetingId: string, readOnly: boolean): Promise<void>;
  /** An instance stopped answering (a crash): read the open documents back from the store. */
  instanceGone(instanceId: string): void;
}

/** One instance's end of the instance channel. */
export class InstanceBus {
  readonly instanceId = `${process.pid}-${crypto.randomBytes(6).toString("hex")}`;
  private readonly lastSeen = new Map<string, number>();
  private readonly waitingForAcks = new Map<string, { missing: number; done: () => void }>();
  private timer: NodeJS.Timeout | null = null;
  private handlers: InstanceBusHandlers | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly subscriptions: RedisSubscriptions,
  ) {}

  /** Starts listening and sending heartbeats. */
  async start(handlers: InstanceBusHandlers): Promise<void> {
    this.handlers = handlers;
    await this.subscriptions.subscribe(INSTANCE_CHANNEL, (raw) => this.received(raw));
    this.publish("heartbeat", {});
    this.timer = setInterval(() => {
      this.publish("heartbeat", {});
      const now = Date.now();
      for (const [id, at] of this.lastSeen) {
        if (now - at < GONE_AFTER_MS) continue;
        this.lastSeen.delete(id);
        logger.warn(`instance ${id} has not been heard from for ${GONE_AFTER_MS / 1000} s: reading open documents back from the store`);
        this.handlers?.instanceGone(id);
      }
    }, HEARTBEAT_MS);
    this.timer.unref();
  }

  /** Tells every other instance to close the connections of ended sessions. */
  closeSessions(which: SessionFilter): void {
    this.publish("closeSessions", { which });
  }

  /**
   * Tells every other instance that a meeting is read-only (or writable again). With `wait`,
   * resolves once each instance answered that its copy of the document holds nothing that is
   * not stored and relayed (or after ACK_TIMEOUT_MS): whatever they accepted before has reached
   * this instance by then.
   */
  async announceReadOnly(meetingId: string, readOnly: boolean, wait: boolean): Promise<void> {
    if (!wait) return void this.publish("readOnly", { meetingId, readOnly, request: null });
    const others = await this.otherInstances();
    if (others === 0) return void this.publish("readOnly", { meetingId, readOnly, request: null });
    const request = crypto.randomBytes(8).toString("hex");
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        const missing = this.waitingForAcks.get(request)?.missing ?? 0;
        this.waitingForAcks.delete(request);
        logger.warn(`read-only ${meetingId}: ${missing} instance(s) did not answer within ${ACK_TIMEOUT_MS} ms; going on`);
        resolve();
      }, ACK_TIMEOUT_MS);
      this.waitingForAcks.set(request, {
        missing: others,
        done: () => {
          clearTimeout(timer);
          resolve();
        },
      });
      this.publish("readOnly", { meetingId, readOnly, request });
    });
  }

  /** How many other instances listen now (Redis counts the subscribers of the channel). */
  async otherInstances(): Promise<number> {
    const reply = (await this.redis.pubsub("NUMSUB", INSTANCE_CHANNEL)) as Array<string | number>;
    return Math.max(0, Number(reply[1] ?? 0) - 1);
  }

  /** Says goodbye (a clean stop: nothing of this instance is missing elsewhere) and stops the heartbeat. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.publish("goodbye", {});
    await this.subscriptions.unsubscribe(INSTANCE_CHANNEL).catch(() => {});
  }

  private publish<T extends InstanceMessage["type"]>(type: T, payload: Payload<T>): void {
    const message = JSON.stringify({ type, from: this.instanceId, ...payload });
    this.redis.publish(INSTANCE_CHANNEL, message).catch((error: unknown) => logger.error(`telling the other instances (${type}) failed`, error));
  }

  private received(raw: Buffer): void {
    const message = JSON.parse(raw.toString()) as InstanceMessage;
    if (message.from === this.instanceId) return;
    if (message.type === "goodbye") this.lastSeen.delete(message.from);
    else {
      // A newcomer hears from everyone at once (not only at their next heartbeat), so it can tell when one falls silent.
      if (!this.lastSeen.has(message.from)) this.publish("heartbeat", {});
      this.lastSeen.set(message.from, Date.now());
    }
    const handlers = this.handlers!;
    switch (message.type) {
      case "closeSessions":
        return handlers.closeSessions(message.which);
      case "readOnly": {
        const { request } = message;
        void handlers.readOnly(message.meetingId, message.readOnly).then(
          () => {
            if (request) this.publish("readOnlyAck", { request });
          },
          (error: unknown) => logger.error(`applying read-only ${message.meetingId} from another instance failed`, error),
        );
        return;
      }
      case "readOnlyAck": {
        const waiting = this.waitingForAcks.get(message.request);
        if (waiting && --waiting.missing <= 0) {
          this.waitingForAcks.delete(message.request);
          waiting.done();
        }
        return;
      }
    }
  }
}
