import type { Redis } from "ioredis";
import { logger } from "../logger";

/** Handles one message on a channel. */
export type ChannelHandler = (message: Buffer) => void;

/**
 * The subscriber connection of one instance, shared by the document relay and the instance
 * bus: a handler per channel, and listeners told after a reconnect once every channel is
 * subscribed again (what was published meanwhile is lost: they read it back from the store).
 */
export class RedisSubscriptions {
  private readonly handlers = new Map<string, ChannelHandler>();
  private readonly reconnectListeners: Array<() => void> = [];

  constructor(private readonly subscriber: Redis) {
    subscriber.on("messageBuffer", (channel: Buffer, message: Buffer) => {
      const handler = this.handlers.get(channel.toString());
      if (!handler) return;
      try {
        handler(message);
      } catch (error) {
        logger.error(`handling a message on ${channel.toString()} failed`, error);
      }
    });
    // "ready" after the first connect means the connection came back: subscribe to everything
    // again (ioredis does too; this waits for Redis's answer), then tell the listeners.
    subscriber.on("ready", () => {
      const channels = [...this.handlers.keys()];
      const resubscribed = channels.length ? subscriber.subscribe(...channels) : Promise.resolve(0);
      resubscribed.then(
        () => {
          for (const listener of this.reconnectListeners) listener();
        },
        (error: unknown) => logger.error("subscribing again after a Redis reconnect failed", error),
      );
    });
  }

  /** Subscribes `handler` to `channel`; resolves once Redis confirmed it. */
  async subscribe(channel: string, handler: ChannelHandler): Promise<void> {
    this.handlers.set(channel, handler);
    await this.subscriber.subscribe(channel);
  }

  /** Stops listening on `channel`. */
  async unsubscribe(channel: string): Promise<void> {
    this.handlers.delete(channel);
    await this.subscriber.unsubscribe(channel);
  }

  /** Whether a handler is subscribed to `channel` here. */
  has(channel: string): boolean {
    return this.handlers.has(channel);
  }

  /** Called after every reconnect, once all channels are subscribed again. */
  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }
}
