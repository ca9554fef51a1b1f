import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import { MessageType } from "../../app/collab/protocol";

// Hand-made y-websocket messages for raw clients that ignore the UI (tests and npm run abuse).

/** A y-websocket awareness message with the given (clientID, clock, state) entries. */
export function awarenessMessage(entries: Array<[clientID: number, clock: number, state: unknown]>): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const [clientID, clock, state] of entries) {
    encoding.writeVarUint(update, clientID);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, JSON.stringify(state));
  }
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.awareness);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(update));
  return encoding.toUint8Array(e);
}

/** A y-websocket sync message carrying the update `update`. */
export function updateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
}
