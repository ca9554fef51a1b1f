import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import type { WebSocket } from "ws";
import { MessageType } from "../../app/collab/protocol";
import { encodeSavedMessage, type DeleteSet } from "../../app/collab/saved-state";
import type { SharedDoc } from "./shared-doc";

/** A message the server refuses; the connection that sent it is closed with this reason. */
export class RejectedMessage extends Error {}

/**
 * Reads one y-websocket message from a connection and applies it to the document.
 * Returns the reply to send to that connection, if any. Throws RejectedMessage for
 * anything that is not a well-formed message the document can apply.
 */
export function readMessage(shared: SharedDoc, ws: WebSocket, data: Uint8Array): Uint8Array | null {
  const decoder = decoding.createDecoder(data);
  const type = readOrReject(() => decoding.readVarUint(decoder));
  switch (type) {
    case MessageType.sync:
      return readSyncMessage(shared, ws, decoder);
    case MessageType.awareness: {
      const update = readOrReject(() => decoding.readVarUint8Array(decoder));
      readOrReject(() => awarenessProtocol.applyAwarenessUpdate(shared.awareness, update, ws));
      return null;
    }
    case MessageType.queryAwareness: {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.awareness);
      encoding.writeVarUint8Array(
        encoder,
        awarenessProtocol.encodeAwarenessUpdate(shared.awareness, [...shared.awareness.getStates().keys()]),
      );
      return encoding.toUint8Array(encoder);
    }
    case MessageType.auth:
      return null; // the session cookie authenticates; in-band auth messages are ignored
    default:
      throw new RejectedMessage(`unknown message type ${type}`);
  }
}

function readSyncMessage(shared: SharedDoc, ws: WebSocket, decoder: decoding.Decoder): Uint8Array | null {
  const subtype = readOrReject(() => decoding.readVarUint(decoder));
  switch (subtype) {
    case syncProtocol.messageYjsSyncStep1: {
      const stateVector = readOrReject(() => decoding.readVarUint8Array(decoder));
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.sync);
      readOrReject(() => syncProtocol.writeSyncStep2(encoder, shared.doc, stateVector));
      return encoding.toUint8Array(encoder);
    }
    case syncProtocol.messageYjsSyncStep2:
    case syncProtocol.messageYjsUpdate: {
      const update = readOrReject(() => decoding.readVarUint8Array(decoder));
      const { clients, deleteSet } = assertApplicable(shared.doc, update);
      Y.applyUpdate(shared.doc, update, ws);
      // Applying appended to the log synchronously (or set storageError): now it is stored.
      if (shared.storageError) return null;
      return savedMessage(shared.doc, subtype === syncProtocol.messageYjsSyncStep2 ? null : clients, deleteSet);
    }
    default:
      throw new RejectedMessage(`unknown sync message type ${subtype}`);
  }
}

/**
 * Checks an update before it touches the document: it must decode, and everything it
 * builds on (each client's earlier changes, the neighbours and parents its items are
 * attached to, the items it deletes) must already be in the document or in the update
 * itself. So the document never holds structs it cannot integrate. Returns the clients
 * whose structs the update carries and its delete set, for the saved confirmation.
 */
export function assertApplicable(
  doc: Y.Doc,
  update: Uint8Array,
): { clients: Iterable<number>; deleteSet: DeleteSet } {
  // One decode per update (this runs on every keystroke); the clock range each client
  // covers is derived from the decoded structs rather than parsed a second time.
  const decoded = readOrReject(() => Y.decodeUpdate(update));
  const firstClock = new Map<number, number>();
  const endClock = new Map<number, number>();
  for (const { id, length } of decoded.structs) {
    firstClock.set(id.client, Math.min(firstClock.get(id.client) ?? id.clock, id.clock));
    endClock.set(id.client, Math.max(endClock.get(id.client) ?? 0, id.clock + length));
  }
  const known = (id: Y.ID): boolean =>
    id.clock < Math.max(Y.getState(doc.store, id.client), endClock.get(id.client) ?? 0);

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
  return { clients: endClock.keys(), deleteSet: decoded.ds };
}

/**
 * Tells the sender what of its message is stored: the stored clock of each client the
 * update touched, and the deletions it carried (stored now, or already before). A sync
 * step 2 (once per connection) confirms the whole state vector instead, so a client whose
 * restored offline copy holds changes the server already had learns that they are stored.
 */
function savedMessage(doc: Y.Doc, clients: Iterable<number> | null, deleteSet: DeleteSet): Uint8Array {
  if (!clients) return encodeSavedMessage({ encodedClocks: Y.encodeStateVector(doc) }, deleteSet);
  const stored: [number, number][] = [];
  for (const client of clients) stored.push([client, Y.getState(doc.store, client)]);
  return encodeSavedMessage(stored, deleteSet);
}

function missingDependencies(): RejectedMessage {
  return new RejectedMessage("update depends on changes the server does not have");
}

function readOrReject<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof RejectedMessage) throw error;
    throw new RejectedMessage(`malformed message: ${error instanceof Error ? error.message : String(error)}`);
  }
}
