import type { z } from "zod";
import type { CommandReply } from "../../app/live/events";
import { logger } from "../logger";
import type { LiveSocket } from "./live-server";

/** How a command answers its sender (a no-op when the sender asked for no answer). */
export type Answer = (reply: CommandReply) => void;

/**
 * Registers a client command on a socket: the payload (the first argument) is checked with
 * its zod schema before `run` sees it, and every outcome is answered: `invalidPayload`,
 * `run`'s own reply, or `serverError` when `run` throws (logged; the socket stays open).
 */
export function onCommand<S extends z.ZodTypeAny>(
  socket: LiveSocket,
  event: string,
  schema: S,
  run: (payload: z.infer<S>, answer: Answer) => void | Promise<void>,
): void {
  socket.on(event, async (...args: unknown[]) => {
    const answer = answerOf(args);
    const parsed = schema.safeParse(typeof args[0] === "function" ? undefined : args[0]);
    if (!parsed.success) return answer({ ok: false, error: "invalidPayload" });
    try {
      await run(parsed.data, answer);
    } catch (error) {
      logger.error(`socket.io command ${event} failed`, error);
      answer({ ok: false, error: "serverError" });
    }
  });
}

/** The acknowledgement callback socket.io puts last when the sender asked for an answer. */
export function answerOf(args: unknown[]): Answer {
  const last = args.at(-1);
  return typeof last === "function" ? (last as Answer) : () => {};
}
