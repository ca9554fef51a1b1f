import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import { MessageType } from "../../app/collab/protocol";
import type { DeleteSet } from "../../app/collab/saved-state";
import type { AwarenessEntry } from "./extension";

// Reading and writing y-websocket messages: what the core needs to check a message before
// it touches a document. Nothing here keeps state.

/** A message the server refuses; the connection that sent it is closed (4400) with this reason. */
export class RejectedMessage extends Error {}

/** An update that builds on changes the server does not have (yet). */
export class MissingDependencies extends RejectedMessage {}

/** Largest awareness state (JSON characters) a client may set; a caret state is ~200 (decision 005). */
export const MAX_AWARENESS_STATE_CHARS = 4 * 1024;

/** An update, decoded once and checked to be applicable. */
export interface CheckedUpdate {
  structs: Array<Y.Item | Y.GC | Y.Skip>;
  deleteSet: DeleteSet;
  /** The client ids whose structs it carries. */
  clients: Set<number>;
}

/**
 * Checks an update before it touches the document: it must decode, and everything it
 * builds on (each client's earlier changes, the neighbours and parents its items are
 * attached to, the items it deletes) must already be in the document or in the update
 * itself. So the document never holds structs it cannot integrate. Throws
 * MissingDependencies when something is missing, RejectedMessage when it is malformed.
 */
export function checkUpdate(doc: Y.Doc, update: Uint8Array): CheckedUpdate {
  // One decode per update (this runs on every keystroke); the clock range each client
  // covers is derived from the decoded structs rather than parsed a second time.
  const decoded = readOrReject(() => Y.decodeUpdate(update));
  const firstClock = new Map<number, number>();
  const endClock = new Map<number, number>();
  for (const { id, length } of decoded.structs) {
    const first = firstClock.get(id.client);
    if (first === undefined || id.clock < first) firstClock.set(id.client, id.clock);
    const end = id.clock + length;
    if (end > (endClock.get(id.client) ?? 0)) endClock.set(id.client, end);
  }
  const known = (id: Y.ID): boolean => id.clock < Math.max(Y.getState(doc.store, id.client), endClock.get(id.client) ?? 0);

  for (const [client, clock] of firstClock) {
    if (clock > Y.getState(doc.store, client)) throw missingDependencies();
  }
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) throw missingDependencies();
    // Yjs never encodes a zero-length struct; one (e.g. an empty deleted range) integrates but
    // then makes every later encoding of the document throw, so the doc could not be served again.
    if (struct.length < 1) throw new RejectedMessage("malformed message: empty struct");
    if (!(struct instanceof Y.Item)) continue;
    const parent = struct.parent instanceof Y.ID ? struct.parent : null;
    for (const ref of [struct.origin, struct.rightOrigin, parent]) {
      if (!ref) continue;
      if (!known(ref)) throw missingDependencies();
      // An item can only refer to its own client's earlier items. Yjs checks only other
      // clients' references, so a forward one makes it throw halfway through applying.
      if (ref.client === struct.id.client && ref.clock >= struct.id.clock) {
        throw new RejectedMessage("malformed message: item refers to a later item of its own client");
      }
    }
  }
  for (const [client, ranges] of decoded.ds.clients) {
    for (const range of ranges) {
      // Yjs never encodes an empty deletion, and applying one it cannot place yet throws midway
      // through the transaction (after the structs were applied and logged): refuse it up front.
      if (range.len < 1) throw new RejectedMessage("malformed message: empty deletion");
      if (!known(Y.createID(client, range.clock + range.len - 1))) throw missingDependencies();
    }
  }
  return { structs: decoded.structs, deleteSet: decoded.ds, clients: new Set(endClock.keys()) };
}

function missingDependencies(): RejectedMessage {
  return new MissingDependencies("update depends on changes the server does not have");
}

/** Checks that a state vector decodes (a client's sync step 1), before the answer is computed later. */
export function checkStateVector(stateVector: Uint8Array): void {
  readOrReject(() => Y.decodeStateVector(stateVector));
}

/** The server's state vector as a sync step 1: "send me what I lack". */
export function syncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** The answer to a client's sync step 1: everything the document has that the client lacks. */
export function syncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

/** An update as the message every connection of the document receives. */
export function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * Reads the entries of an awareness update. Everything is read before anything is applied,
 * so a malformed message claims no id. A state must be an object or null and at most
 * MAX_AWARENESS_STATE_CHARS; anything else throws RejectedMessage.
 */
export function readAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  return readOrReject(() => {
    const decoder = decoding.createDecoder(update);
    const entries: AwarenessEntry[] = [];
    for (let count = decoding.readVarUint(decoder); count > 0; count--) {
      const clientID = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      if (json.length > MAX_AWARENESS_STATE_CHARS) throw new RejectedMessage("malformed message: awareness state too large");
      const state: unknown = JSON.parse(json);
      if (state !== null && (typeof state !== "object" || Array.isArray(state))) {
        throw new RejectedMessage("malformed message: an awareness state must be an object or null");
      }
      entries.push({ clientID, clock, json, state: state as Record<string, unknown> | null });
    }
    return entries;
  });
}

/** Encodes awareness entries as an awareness update (after hooks dropped or rewrote some). */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientID);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.rewritten ? JSON.stringify(entry.state) : entry.json);
  }
  return encoding.toUint8Array(encoder);
}

/** Awareness states of some client ids as one message. */
export function awarenessMessage(awareness: awarenessProtocol.Awareness, clientIds: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clientIds));
  return encoding.toUint8Array(encoder);
}

/** Everyone's awareness state as one message (a new connection's greeting, a query's answer). */
export function awarenessOfEveryone(awareness: awarenessProtocol.Awareness): Uint8Array {
  return awarenessMessage(awareness, [...awareness.getStates().keys()]);
}

/** Runs a read; any error becomes a RejectedMessage (the sender's fault, never the server's). */
export function readOrReject<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof RejectedMessage) throw error;
    throw new RejectedMessage(`malformed message: ${error instanceof Error ? error.message : String(error)}`);
  }
}
