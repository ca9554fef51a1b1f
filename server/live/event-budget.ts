import { logger } from "../logger";
import { answerOf } from "./on-command";
import type { LiveSocket } from "./live-server";

/** How many events one socket.io connection may send: a burst, refilled at a steady rate. */
export interface EventBudget {
  /** Events a socket may send at once. */
  burst: number;
  /** Events per second that flow back. */
  perSecond: number;
  /** Refused events after which the socket is disconnected (it ignores the refusals). */
  disconnectAfterRefused: number;
}

/**
 * The default. A page sends a handful of events when it opens (presence:join, pair:watch) and
 * one per click of the aios or the opleider: a person stays far below 10 a second. A script
 * sending thousands is refused after the burst and disconnected soon after.
 */
export const DEFAULT_EVENT_BUDGET: EventBudget = { burst: 40, perSecond: 10, disconnectAfterRefused: 40 };

/**
 * A token bucket per socket, like the /yjs message budget (server/collab/message-rate.ts): every
 * incoming event takes a token before any handler (or database query) sees it. Over budget,
 * the event is refused with `tooManyEvents` (answered when the sender asked for an answer) and
 * not handled; a socket that keeps sending is disconnected. Both are logged, once per socket.
 */
export function limitEvents(socket: LiveSocket, budget: EventBudget = DEFAULT_EVENT_BUDGET, now: () => number = () => performance.now()): void {
  let tokens = budget.burst;
  let last = now();
  let refused = 0;
  socket.use((packet, next) => {
    const at = now();
    tokens = Math.min(budget.burst, tokens + ((at - last) * budget.perSecond) / 1000);
    last = at;
    if (tokens >= 1) {
      tokens -= 1;
      return next();
    }
    refused++;
    if (refused === 1) logger.warn(`socket.io: ${who(socket)} is over its event budget; refusing events`);
    answerOf(packet.slice(1))({ ok: false, error: "tooManyEvents" });
    if (refused >= budget.disconnectAfterRefused && socket.connected) {
      logger.warn(`socket.io: disconnecting ${who(socket)} after ${refused} refused events`);
      socket.disconnect(true);
    }
  });
}

function who(socket: LiveSocket): string {
  return `socket ${socket.id} of user ${socket.data.user?.id ?? "?"} (${socket.handshake.address})`;
}
