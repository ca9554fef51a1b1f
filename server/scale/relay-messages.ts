import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

// What instances tell each other about an open document (server/scale/document-relay.ts),
// one binary message per Redis publish on the document's channel. Every message names the
// instance that sent it: Redis delivers a publisher's own messages back to it.

export type Owners = ReadonlyArray<readonly [clientId: number, userId: string]>;

export type RelayMessage =
  /** A change the sender has stored (log row `logId`, 0 when unknown), with the client ids it used first. `update` is empty for a claim of ids alone. */
  | { type: "stored"; from: string; logId: number; update: Uint8Array; owners: Owners }
  /** Awareness states of the sender's connections (`update`, may be empty), ids gone there, and who controls each state. */
  | { type: "awareness"; from: string; update: Uint8Array; removed: number[]; owners: Owners }
  /** The sender just opened the document: everyone answers with their connections' awareness. */
  | { type: "awarenessQuery"; from: string }
  /** The sender compacted: these rows are gone, their content is in the stored state. */
  | { type: "compacted"; from: string; coveredIds: number[]; stateBytes: number; stateVersion: number }
  /** A change of the sender's could not be relayed: read the document from the store. */
  | { type: "reload"; from: string };

const TYPES = ["stored", "awareness", "awarenessQuery", "compacted", "reload"] as const;

/** Encodes a relay message. */
export function encodeRelayMessage(message: RelayMessage): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, TYPES.indexOf(message.type));
  encoding.writeVarString(e, message.from);
  switch (message.type) {
    case "stored":
      encoding.writeVarUint(e, message.logId);
      encoding.writeVarUint8Array(e, message.update);
      writeOwners(e, message.owners);
      break;
    case "awareness":
      encoding.writeVarUint8Array(e, message.update);
      encoding.writeVarUint(e, message.removed.length);
      for (const id of message.removed) encoding.writeVarUint(e, id);
      writeOwners(e, message.owners);
      break;
    case "awarenessQuery":
    case "reload":
      break;
    case "compacted":
      encoding.writeVarUint(e, message.coveredIds.length);
      for (const id of message.coveredIds) encoding.writeVarUint(e, id);
      encoding.writeVarUint(e, message.stateBytes);
      encoding.writeVarUint(e, message.stateVersion);
      break;
  }
  return encoding.toUint8Array(e);
}

/** The instance that sent a relay message, read without decoding the rest (an instance's own messages come back and are skipped). */
export function relayMessageSender(bytes: Uint8Array): string {
  const d = decoding.createDecoder(bytes);
  decoding.readVarUint(d);
  return decoding.readVarString(d);
}

/** Decodes a relay message; throws on anything malformed (the caller logs and reads the document from the store instead). */
export function decodeRelayMessage(bytes: Uint8Array): RelayMessage {
  const d = decoding.createDecoder(bytes);
  const type = TYPES[decoding.readVarUint(d)];
  const from = decoding.readVarString(d);
  switch (type) {
    case "stored":
      return { type, from, logId: decoding.readVarUint(d), update: decoding.readVarUint8Array(d), owners: readOwners(d) };
    case "awareness": {
      const update = decoding.readVarUint8Array(d);
      const removed = Array.from({ length: decoding.readVarUint(d) }, () => decoding.readVarUint(d));
      return { type, from, update, removed, owners: readOwners(d) };
    }
    case "awarenessQuery":
    case "reload":
      return { type, from };
    case "compacted": {
      const coveredIds = Array.from({ length: decoding.readVarUint(d) }, () => decoding.readVarUint(d));
      return { type, from, coveredIds, stateBytes: decoding.readVarUint(d), stateVersion: decoding.readVarUint(d) };
    }
    default:
      throw new Error("unknown relay message type");
  }
}

function writeOwners(e: encoding.Encoder, owners: Owners): void {
  encoding.writeVarUint(e, owners.length);
  for (const [clientId, userId] of owners) {
    encoding.writeVarUint(e, clientId);
    encoding.writeVarString(e, userId);
  }
}

function readOwners(d: decoding.Decoder): Array<[number, string]> {
  return Array.from({ length: decoding.readVarUint(d) }, () => [decoding.readVarUint(d), decoding.readVarString(d)] as [number, string]);
}
