import { describe, expect, it } from "vitest";
import { decodeRelayMessage, encodeRelayMessage, relayMessageSender, type RelayMessage } from "./relay-messages";

describe("relay messages", () => {
  it("read back exactly as written, every kind", () => {
    const messages: RelayMessage[] = [
      { type: "stored", from: "inst-1", logId: 123456789, update: new Uint8Array([1, 2, 3]), owners: [[987654321, "user-a"]] },
      { type: "stored", from: "inst-1", logId: 0, update: new Uint8Array(0), owners: [[5, "user-b"], [6, "user-b"]] },
      { type: "awareness", from: "inst-2", update: new Uint8Array([9, 9]), removed: [4, 2 ** 31], owners: [[1, "ü-ser"]] },
      { type: "awarenessQuery", from: "inst-3" },
      { type: "compacted", from: "inst-1", coveredIds: [1, 2, 40000], stateBytes: 8 * 2 ** 20, stateVersion: 7 },
      { type: "reload", from: "inst-4" },
    ];
    for (const message of messages) {
      expect(decodeRelayMessage(encodeRelayMessage(message))).toEqual(message);
      expect(relayMessageSender(encodeRelayMessage(message))).toBe(message.from);
    }
  });

  it("refuses what is not one (the relay then reads the document from the store)", () => {
    expect(() => decodeRelayMessage(new Uint8Array([42, 1, 65]))).toThrow();
    expect(() => decodeRelayMessage(new Uint8Array([]))).toThrow();
  });
});
