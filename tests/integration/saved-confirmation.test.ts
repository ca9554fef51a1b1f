import { afterEach, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import { yjsSocket, connectClient, eventually, startTestServer, tempDatabase, type TestClient } from "../support/test-server";
import type { KoersServer } from "../../server/koers-server";
import { AuthMessageType, CloseCode, meetingDocName, MessageType, YJS_PATH } from "../../app/collab/protocol";
import { readSavedState, type SavedState } from "../../app/collab/saved-state";
import type { KoersDatabase } from "../../db/database";
import { storedDocumentAsDoc } from "../../db/sqlite-doc-store";
import { openTestDatabase, refuseDocUpdates } from "../support/test-database";

const servers: KoersServer[] = [];
const clients: TestClient[] = [];
const sockets: WebSocket[] = [];
const peeks: KoersDatabase[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const c of clients.splice(0)) c.destroy();
  for (const ws of sockets.splice(0)) ws.terminate();
  for (const s of servers.splice(0)) await s.close();
  for (const p of peeks.splice(0)) await p.close();
});

async function start(databasePath?: string) {
  const server = await startTestServer(databasePath);
  servers.push(server);
  return server;
}

/** Reads a `saved` confirmation, or null for any other message. */
function asSaved(data: Uint8Array): SavedState | null {
  const decoder = decoding.createDecoder(data);
  if (decoding.readVarUint(decoder) !== MessageType.auth) return null;
  if (decoding.readVarUint(decoder) !== AuthMessageType.saved) return null;
  return readSavedState(decoder);
}

/** A bare websocket speaking the protocol by hand, to see exactly what the server sends. */
async function rawClient(server: KoersServer, docName: string) {
  const ws = await yjsSocket(server, docName);
  sockets.push(ws);
  ws.binaryType = "nodebuffer";
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  return ws;
}

function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * A second connection to the database, as another process would see it: `storedText`
 * starts its read at once (on SQLite it even completes before returning), so it sees what
 * was stored when it was called.
 */
async function peekAt(database: string) {
  const peek = await openTestDatabase(database);
  peeks.push(peek);
  return {
    storedText: (docName: string): Promise<string> => peek.docStore.load(docName).then((stored) => storedDocumentAsDoc(stored).getText("notes").toString()),
  };
}

describe("saved confirmations on /yjs", () => {
  it("standard y-websocket clients receive them, ignore them, and sync as before", async () => {
    const warn = vi.spyOn(console, "warn");
    const error = vi.spyOn(console, "error");
    const server = await start();
    const docName = meetingDocName("standard");
    const a = connectClient(server, docName);
    const b = connectClient(server, docName);
    clients.push(a, b);
    // Count what reaches the provider's standard auth handler, then let it run as usual.
    let authMessages = 0;
    const standardAuth = a.provider.messageHandlers[MessageType.auth]!;
    a.provider.messageHandlers[MessageType.auth] = (...args) => {
      authMessages++;
      standardAuth(...args);
    };
    await Promise.all([a.synced, b.synced]);

    for (let i = 0; i < 20; i++) a.doc.getText("notes").insert(0, `a${i} `);
    a.doc.getText("notes").delete(0, 4);
    await eventually(() => expect(b.doc.getText("notes").toString()).toMatch(/^a18 a17 /));
    b.doc.getText("notes").insert(0, "b ");
    await eventually(() => expect(a.doc.getText("notes").toString()).toMatch(/^b a18 a17 .* a0 $/));
    expect(b.doc.getText("notes").toString()).toBe(a.doc.getText("notes").toString());
    // One confirmation per message a sent (20 inserts, 1 deletion), plus one for its sync step 2.
    await eventually(() => expect(authMessages).toBe(22));
    expect(a.provider.wsconnected).toBe(true);
    expect(b.provider.wsconnected).toBe(true);
    // The standard handler acts only on "permission denied"; it must never have seen one.
    for (const spy of [warn, error]) {
      for (const call of spy.mock.calls) expect(String(call[0])).not.toMatch(/Permission denied|Unable to compute message/);
    }
  });

  it("is sent only after the update is in the database, and says which clock and deletions are stored", async () => {
    const database = tempDatabase();
    const server = await start(database);
    const { storedText } = await peekAt(database);
    const docName = meetingDocName("stored-first");
    const ws = await rawClient(server, docName);

    const local = new Y.Doc();
    const first = captureUpdate(local, () => local.getText("notes").insert(0, "hello world"));
    const second = captureUpdate(local, () => local.getText("notes").delete(0, 6));

    // Read the database the moment each confirmation arrives.
    const confirmations: { saved: SavedState; text: Promise<string> }[] = [];
    ws.on("message", (data: Buffer) => {
      const saved = asSaved(new Uint8Array(data));
      if (saved) confirmations.push({ saved, text: storedText(docName) });
    });
    ws.send(updateMessage(first));
    await eventually(() => expect(confirmations).toHaveLength(1));
    ws.send(updateMessage(second));
    await eventually(() => expect(confirmations).toHaveLength(2));
    const seen = await Promise.all(confirmations.map(async ({ saved, text }) => ({ saved, text: await text })));

    expect(seen[0]!.text).toBe("hello world");
    expect(seen[0]!.saved.stateVector).toEqual(new Map([[local.clientID, 11]]));
    expect(seen[0]!.saved.deleteSet.clients.size).toBe(0);

    expect(seen[1]!.text).toBe("world");
    // A deletion moves no clock; the confirmation carries the deleted range instead.
    expect(Y.isDeleted(seen[1]!.saved.deleteSet, Y.createID(local.clientID, 0))).toBe(true);
    expect(Y.isDeleted(seen[1]!.saved.deleteSet, Y.createID(local.clientID, 5))).toBe(true);
    expect(Y.isDeleted(seen[1]!.saved.deleteSet, Y.createID(local.clientID, 6))).toBe(false);
  });

  it("confirms the whole stored state vector after a sync step 2", async () => {
    const server = await start();
    const docName = meetingDocName("step2");
    const writer = connectClient(server, docName);
    clients.push(writer);
    await writer.synced;
    writer.doc.getText("notes").insert(0, "already stored");
    // Once another client sees it, the server has it (it stores before it broadcasts).
    const observer = connectClient(server, docName);
    clients.push(observer);
    await eventually(() => expect(observer.doc.getText("notes").toString()).toBe("already stored"));

    const ws = await rawClient(server, docName);
    const saved = new Promise<SavedState>((resolve) =>
      ws.on("message", (data: Buffer) => {
        const s = asSaved(new Uint8Array(data));
        if (s) resolve(s);
      }),
    );
    // Sync step 2 with nothing new: the reply still says everything the server holds is stored.
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeSyncStep2(encoder, new Y.Doc());
    ws.send(encoding.toUint8Array(encoder));
    expect((await saved).stateVector.get(writer.doc.clientID)).toBe("already stored".length);
  });

  it("is not sent when storing fails: the connection closes and the client keeps its change", async () => {
    const database = tempDatabase();
    const server = await start(database);
    const docName = meetingDocName("write-fails");
    const ws = await rawClient(server, docName);
    const received: Uint8Array[] = [];
    ws.on("message", (data: Buffer) => received.push(new Uint8Array(data)));
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));

    // A real failing write: another connection makes every insert into the log abort.
    const saboteur = await openTestDatabase(database);
    await refuseDocUpdates(saboteur.db);
    await saboteur.close();
    vi.spyOn(console, "error").mockImplementation(() => {});

    const local = new Y.Doc();
    const update = captureUpdate(local, () => local.getText("notes").insert(0, "lost?"));
    ws.send(updateMessage(update));
    expect(await closed).toBe(CloseCode.storageFailed);
    expect(received.map(asSaved).filter(Boolean)).toEqual([]);
  });
});

function captureUpdate(doc: Y.Doc, change: () => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const listener = (u: Uint8Array) => updates.push(u);
  doc.on("update", listener);
  change();
  doc.off("update", listener);
  return Y.mergeUpdates(updates);
}
