import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import { AuthMessageType, MessageType } from "./protocol";
import {
  computeSaveStatus,
  encodeSavedMessage,
  readSavedState,
  SavedStateTracker,
  type SavedState,
} from "./saved-state";

/** A doc whose local updates feed a tracker, as the browser module does. */
function trackedDoc() {
  const doc = new Y.Doc();
  const tracker = new SavedStateTracker();
  doc.on("update", (update: Uint8Array) => tracker.recordLocalUpdate(update));
  return { doc, tracker };
}

/** What the server would confirm after storing `update`: through the encoded message and back. */
function confirmationOf(update: Uint8Array, clocks: Map<number, number>): SavedState {
  const message = encodeSavedMessage([...clocks], Y.decodeUpdate(update).ds);
  const decoder = decoding.createDecoder(message);
  expect(decoding.readVarUint(decoder)).toBe(MessageType.auth);
  expect(decoding.readVarUint(decoder)).toBe(AuthMessageType.saved);
  return readSavedState(decoder);
}

function capture(doc: Y.Doc, change: () => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const listener = (u: Uint8Array) => updates.push(u);
  doc.on("update", listener);
  change();
  doc.off("update", listener);
  return Y.mergeUpdates(updates);
}

describe("computeSaveStatus", () => {
  it("is offline when the connection is lost, whatever is pending", () => {
    expect(computeSaveStatus({ offline: true, hasUnsavedChanges: false })).toBe("offline");
    expect(computeSaveStatus({ offline: true, hasUnsavedChanges: true })).toBe("offline");
  });
  it("is saving while a local change is unconfirmed, saved once none is", () => {
    expect(computeSaveStatus({ offline: false, hasUnsavedChanges: true })).toBe("saving");
    expect(computeSaveStatus({ offline: false, hasUnsavedChanges: false })).toBe("saved");
  });
});

describe("the saved message", () => {
  it("round-trips clocks and deletions", () => {
    const doc = new Y.Doc();
    doc.getText("notes").insert(0, "hello world");
    const update = capture(doc, () => doc.getText("notes").delete(0, 6));
    const state = confirmationOf(update, new Map([[doc.clientID, 11]]));
    expect(state.stateVector).toEqual(new Map([[doc.clientID, 11]]));
    expect(Y.isDeleted(state.deleteSet, Y.createID(doc.clientID, 0))).toBe(true);
    expect(Y.isDeleted(state.deleteSet, Y.createID(doc.clientID, 5))).toBe(true);
    expect(Y.isDeleted(state.deleteSet, Y.createID(doc.clientID, 6))).toBe(false);
  });
});

describe("SavedStateTracker", () => {
  it("has nothing unsaved at first", () => {
    expect(new SavedStateTracker().hasUnsavedChanges).toBe(false);
  });

  it("is unsaved after typing and saved once the server confirms the clock", () => {
    const { doc, tracker } = trackedDoc();
    const update = capture(doc, () => doc.getText("notes").insert(0, "abc"));
    expect(tracker.hasUnsavedChanges).toBe(true);
    expect(tracker.recordConfirmation(confirmationOf(update, new Map([[doc.clientID, 2]])))).toBe(false);
    expect(tracker.hasUnsavedChanges).toBe(true);
    expect(tracker.recordConfirmation(confirmationOf(update, new Map([[doc.clientID, 3]])))).toBe(true);
    expect(tracker.hasUnsavedChanges).toBe(false);
  });

  it("stays unsaved when only an earlier change is confirmed", () => {
    const { doc, tracker } = trackedDoc();
    const first = capture(doc, () => doc.getText("notes").insert(0, "a"));
    capture(doc, () => doc.getText("notes").insert(1, "b"));
    tracker.recordConfirmation(confirmationOf(first, new Map([[doc.clientID, 1]])));
    expect(tracker.hasUnsavedChanges).toBe(true);
  });

  it("does not take a deletion for saved until a confirmation carries it", () => {
    const { doc, tracker } = trackedDoc();
    const insert = capture(doc, () => doc.getText("notes").insert(0, "hello"));
    tracker.recordConfirmation(confirmationOf(insert, new Map([[doc.clientID, 5]])));
    expect(tracker.hasUnsavedChanges).toBe(false);

    // A deletion moves no clock: the old state vector alone must not confirm it.
    const deletion = capture(doc, () => doc.getText("notes").delete(1, 2));
    expect(tracker.hasUnsavedChanges).toBe(true);
    expect(tracker.recordConfirmation(confirmationOf(insert, new Map([[doc.clientID, 5]])))).toBe(false);
    expect(tracker.recordConfirmation(confirmationOf(deletion, new Map()))).toBe(true);
  });

  it("confirms what an offline copy restored, under an older client id, by the whole state vector", () => {
    const earlier = new Y.Doc();
    earlier.getText("notes").insert(0, "typed offline before a reload");
    const { doc, tracker } = trackedDoc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(earlier), "indexeddb");
    expect(tracker.hasUnsavedChanges).toBe(true);
    expect(tracker.recordConfirmation(confirmationOf(new Uint8Array([0, 0]), new Map([[doc.clientID, 0]])))).toBe(false);
    const full = Y.decodeStateVector(Y.encodeStateVector(earlier));
    expect(tracker.recordConfirmation(confirmationOf(new Uint8Array([0, 0]), full))).toBe(true);
  });
});
