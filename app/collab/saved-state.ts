// The "saved" confirmation of the Yjs channel, shared by browser and server: after the
// server has stored what a connection sent, it answers with an auth message of sub-type
// `saved` that says which changes are now stored. Standard y-websocket clients ignore it.
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { AuthMessageType, MessageType } from "./protocol";

/** A Yjs delete set: per client, the deleted clock ranges. */
export type DeleteSet = ReturnType<typeof Y.createDeleteSet>;

/** What one confirmation says is stored: clocks per client, and deleted ranges. */
export interface SavedState {
  stateVector: Map<number, number>;
  deleteSet: DeleteSet;
}

/**
 * The confirmation message: [auth][saved][clocks][delete set], in one buffer (it is sent
 * for every update). `clocks` is encoded as by `Y.encodeStateVector`: a count, then client
 * and clock pairs; pass a whole encoded state vector as `encodedClocks`, or single pairs.
 * The delete set is written as in a v1 update, so Yjs reads it back, and ends the message.
 */
export function encodeSavedMessage(
  clocks: { encodedClocks: Uint8Array } | ReadonlyArray<readonly [client: number, clock: number]>,
  deleteSet: DeleteSet,
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.auth);
  encoding.writeVarUint(encoder, AuthMessageType.saved);
  if ("encodedClocks" in clocks) {
    encoding.writeUint8Array(encoder, clocks.encodedClocks);
  } else {
    encoding.writeVarUint(encoder, clocks.length);
    for (const [client, clock] of clocks) {
      encoding.writeVarUint(encoder, client);
      encoding.writeVarUint(encoder, clock);
    }
  }
  encoding.writeVarUint(encoder, deleteSet.clients.size);
  for (const [client, ranges] of deleteSet.clients) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, ranges.length);
    for (const { clock, len } of ranges) {
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarUint(encoder, len);
    }
  }
  return encoding.toUint8Array(encoder);
}

/**
 * Reads the rest of an auth message whose sub-type was `saved` (the decoder stands just
 * after the sub-type). Throws on a malformed message.
 */
export function readSavedState(decoder: decoding.Decoder): SavedState {
  const stateVector = new Map<number, number>();
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const client = decoding.readVarUint(decoder);
    stateVector.set(client, decoding.readVarUint(decoder));
  }
  const ds = decoding.readTailAsUint8Array(decoder);
  // An update with no structs, followed by the delete set: Yjs's own reader parses it.
  const update = new Uint8Array(ds.length + 1);
  update.set(ds, 1);
  return { stateVector, deleteSet: Y.decodeUpdate(update).ds };
}

/**
 * Tracks which local changes the server has not yet confirmed stored. "Local" is every
 * change that did not come from the server: typing in this tab and what IndexedDB
 * restored (which may hold edits made offline before a reload, under older client ids).
 * Deletions count too: they change no clock, so they are matched against confirmed
 * delete sets rather than the state vector.
 */
export class SavedStateTracker {
  private pending: Uint8Array[] = [];
  private confirmedClocks = new Map<number, number>();
  private confirmedDeletes: DeleteSet = Y.createDeleteSet();

  /** True while some local change has not been confirmed stored. */
  get hasUnsavedChanges(): boolean {
    return this.pending.length > 0;
  }

  /** Records a change that did not come from the server. */
  recordLocalUpdate(update: Uint8Array): void {
    this.pending.push(update);
  }

  /** Records a confirmation; returns whether every local change is now stored. */
  recordConfirmation({ stateVector, deleteSet }: SavedState): boolean {
    if (this.pending.length === 0) return true;
    for (const [client, clock] of stateVector) {
      if (clock > (this.confirmedClocks.get(client) ?? 0)) this.confirmedClocks.set(client, clock);
    }
    // mergeDeleteSets also sorts and joins ranges, which snapshotContainsUpdate's comparison needs.
    this.confirmedDeletes = Y.mergeDeleteSets([this.confirmedDeletes, deleteSet]);
    // Merged only now, on a confirmation, not per keystroke.
    const merged = this.pending.length === 1 ? this.pending[0]! : Y.mergeUpdates(this.pending);
    this.pending = [merged];
    if (!Y.snapshotContainsUpdate(Y.createSnapshot(this.confirmedDeletes, this.confirmedClocks), merged)) return false;
    // Everything is stored: start afresh, so what is remembered stays small.
    this.pending = [];
    this.confirmedClocks = new Map();
    this.confirmedDeletes = Y.createDeleteSet();
    return true;
  }
}

/** What the person sees: stored on the server, on its way, or kept on this device only. */
export type SaveStatus = "saved" | "saving" | "offline";

/**
 * The save status. `offline` is true from a lost or refused connection until the next one
 * opens (not while the first one is still opening, so a page load does not flash "offline").
 */
export function computeSaveStatus({ offline, hasUnsavedChanges }: { offline: boolean; hasUnsavedChanges: boolean }): SaveStatus {
  if (offline) return "offline";
  return hasUnsavedChanges ? "saving" : "saved";
}
