import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import type { WebSocket } from "ws";
import { MessageType } from "../../app/collab/protocol";
import type { Identity } from "../../app/live/identity";
import { encodeSavedMessage, type DeleteSet } from "../../app/collab/saved-state";
import type { SharedDoc } from "./shared-doc";

/** A message the server refuses; the connection that sent it is closed with this reason. */
export class RejectedMessage extends Error {}

/** A change sent to a read-only document: refused (never applied or stored), the connection closed with 4423. */
export class ReadOnlyRefusal extends RejectedMessage {}

/** Largest awareness state (JSON characters) a client may set; a caret state is ~200. */
export const MAX_AWARENESS_STATE_CHARS = 16 * 1024;

/**
 * Reads one y-websocket message from a connection and applies it to the document.
 * `identity` is who the server knows the connection to be. Returns the reply to send to
 * that connection, if any. Throws RejectedMessage for anything that is not a well-formed
 * message the document can apply, and ReadOnlyRefusal for a change to a read-only document
 * (awareness still works there: people may read it together).
 */
export function readMessage(shared: SharedDoc, ws: WebSocket, identity: Identity, data: Uint8Array, readOnly = false): Uint8Array | null {
  const decoder = decoding.createDecoder(data);
  const type = readOrReject(() => decoding.readVarUint(decoder));
  switch (type) {
    case MessageType.sync:
      return readSyncMessage(shared, ws, decoder, readOnly);
    case MessageType.awareness: {
      const update = readOrReject(() => decoding.readVarUint8Array(decoder));
      const allowed = checkAwarenessUpdate(shared, ws, identity, update);
      if (allowed) readOrReject(() => awarenessProtocol.applyAwarenessUpdate(shared.awareness, allowed, ws));
      return null;
    }
    case MessageType.queryAwareness:
      return awarenessOfEveryone(shared.awareness);
    case MessageType.auth:
      return null; // the session cookie authenticates; in-band auth messages are ignored
    default:
      throw new RejectedMessage(`unknown message type ${type}`);
  }
}

interface AwarenessEntry {
  clientID: number;
  clock: number;
  json: string;
  state: unknown;
}

/**
 * Makes an awareness update say only what the server knows: each state's `user` (which
 * Tiptap's caret shows) becomes the connection's server-known name and colour, and entries
 * for client ids another connection controls are dropped (SharedDoc.claimAwarenessId).
 * Returns the update to apply: the same bytes when nothing needed changing (every caret
 * move of a normal client, so one JSON.parse per entry is the whole cost), a re-encoded
 * one otherwise, or null when nothing is left.
 */
export function checkAwarenessUpdate(shared: SharedDoc, ws: WebSocket, identity: Identity, update: Uint8Array): Uint8Array | null {
  // Read everything first: a malformed message claims no id.
  const entries = readOrReject(() => {
    const decoder = decoding.createDecoder(update);
    const read: AwarenessEntry[] = [];
    for (let count = decoding.readVarUint(decoder); count > 0; count--) {
      const clientID = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      if (json.length > MAX_AWARENESS_STATE_CHARS) throw new RejectedMessage("malformed message: awareness state too large");
      const state: unknown = JSON.parse(json);
      if (state !== null && (typeof state !== "object" || Array.isArray(state))) {
        throw new RejectedMessage("malformed message: an awareness state must be an object or null");
      }
      read.push({ clientID, clock, json, state });
    }
    return read;
  });

  let changed = false;
  const kept: AwarenessEntry[] = [];
  for (const entry of entries) {
    if (!shared.claimAwarenessId(ws, identity.userId, entry.clientID, entry.clock, entry.state !== null)) {
      changed = true;
      continue;
    }
    const state = entry.state as Record<string, unknown> | null;
    if (state && !showsIdentity(state.user, identity)) {
      state.user = { name: identity.name, color: identity.color };
      entry.json = JSON.stringify(state);
      changed = true;
    }
    kept.push(entry);
  }
  if (!changed) return update;
  if (kept.length === 0) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const { clientID, clock, json } of kept) {
    encoding.writeVarUint(encoder, clientID);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json);
  }
  return encoding.toUint8Array(encoder);
}

/** Whether an awareness `user` is exactly `{ name, color }` of the identity (any other field would be an unchecked claim). */
function showsIdentity(user: unknown, identity: Identity): boolean {
  if (typeof user !== "object" || user === null) return false;
  const { name, color } = user as { name?: unknown; color?: unknown };
  return name === identity.name && color === identity.color && Object.keys(user).length === 2;
}

function readSyncMessage(shared: SharedDoc, ws: WebSocket, decoder: decoding.Decoder, readOnly: boolean): Uint8Array | null {
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
      if (readOnly) {
        // Every client sends a sync step 2 when it connects; one that brings nothing new is
        // harmless (a reader). Anything that would change the document is refused unapplied.
        if (!readOrReject(() => Y.snapshotContainsUpdate(Y.snapshot(shared.doc), update))) throw new ReadOnlyRefusal("document is read-only");
        return subtype === syncProtocol.messageYjsSyncStep2 ? savedMessage(shared.doc, null, Y.decodeUpdate(update).ds) : null;
      }
      let checked: ReturnType<typeof assertApplicable>;
      try {
        checked = assertApplicable(shared.doc, update);
      } catch (error) {
        // A client that reconnects sends new keystrokes as soon as its socket opens, before its
        // offline edits (its sync step 2) have arrived. Such an update is not applied; the
        // server answers with its state vector, and the client's reply carries everything the
        // server lacks, this update included. Closing instead would end the connection for good
        // (y-websocket does not reconnect after a 44xx close).
        if (error instanceof MissingDependencies && subtype === syncProtocol.messageYjsUpdate) return syncStep1(shared.doc);
        throw error;
      }
      const { clients, deleteSet } = checked;
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

/** An update that builds on changes the server does not have (yet). */
class MissingDependencies extends RejectedMessage {}

function missingDependencies(): RejectedMessage {
  return new MissingDependencies("update depends on changes the server does not have");
}

/** The server's state vector as a sync step 1: "send me what I lack". */
export function syncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

function readOrReject<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof RejectedMessage) throw error;
    throw new RejectedMessage(`malformed message: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Everyone's awareness state as one message (a new connection's greeting, a query's answer). */
export function awarenessOfEveryone(awareness: awarenessProtocol.Awareness): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [...awareness.getStates().keys()]));
  return encoding.toUint8Array(encoder);
}
