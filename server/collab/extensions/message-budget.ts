import { CloseCode } from "../../../app/collab/protocol";
import { logger } from "../../logger";
import { DEFAULT_MESSAGE_RATE, MessageRate, type MessageRateLimit } from "../message-rate";
import { Refusal, type CollabExtension, type Connection } from "../extension";

/**
 * A message budget per /yjs connection (a token bucket, decision 005): a connection that
 * sends more than any editor does is closed with 4429, and nothing it sends afterwards is
 * applied.
 */
export function messageBudget(limit: MessageRateLimit = DEFAULT_MESSAGE_RATE): CollabExtension {
  const buckets = new WeakMap<Connection, MessageRate>();
  return {
    name: "message-budget",
    beforeHandleMessage(connection) {
      let bucket = buckets.get(connection);
      if (!bucket) buckets.set(connection, (bucket = new MessageRate(limit)));
      if (bucket.take()) return;
      logger.warn(`${connection.docName}: more than ${limit.perSecond} messages/s from one connection`);
      throw new Refusal(CloseCode.tooManyMessages, "too many messages");
    },
  };
}
