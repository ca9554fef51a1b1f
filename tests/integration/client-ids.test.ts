import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import { connectClient, eventually, startTestServer, tempDatabase, yjsSocket, type TestClient } from "../support/test-server";
import { TEST_USERS } from "../support/test-access";
import type { KoersServer } from "../../server/koers-server";
import { awarenessMessage } from "../support/yjs-messages";
import type { Role } from "../../db/schema";
import { CloseCode, meetingDocName, MessageType } from "../../app/collab/protocol";
import { ROLE_COLORS } from "../../app/live/identity";

// Issue #13.4 and #13.11: a Yjs client id belongs to the account that used it first in a
// document, for good. The partner can read it from awareness; writing under it, or showing
// presence under it, is refused, also while the owner is offline and after a restart.

const servers: KoersServer[] = [];
const clients: TestClient[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const ws of sockets.splice(0)) ws.terminate();
  for (const s of servers.splice(0)) await s.close();
});

async function start(databasePath = tempDatabase()) {
  const server = await startTestServer(databasePath);
  servers.push(server);
  return server;
}
async function client(server: KoersServer, docName: string, role: Role = "aios") {
  const c = connectClient(server, docName, role);
  clients.push(c);
  await c.synced;
  return c;
}
async function raw(server: KoersServer, docName: string, role: Role) {
  const ws = await yjsSocket(server, docName, role);
  sockets.push(ws);
  ws.on("error", () => {});
  await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
  return ws;
}
const closeOf = (ws: WebSocket) => new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
const handled = (ws: WebSocket) => new Promise((resolve) => (ws.once("pong", resolve), ws.ping()));

/** A sync update of one GC struct: "client `client`'s clocks from `clock` on, `length` of them, are garbage". */
function gcUpdate(client: number, clock: number, length: number): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, 1); // one client
  encoding.writeVarUint(update, 1); // one struct
  encoding.writeVarUint(update, client);
  encoding.writeVarUint(update, clock);
  encoding.writeUint8(update, 0); // a GC struct
  encoding.writeVarUint(update, length);
  encoding.writeVarUint(update, 0); // no deletions
  const message = encoding.createEncoder();
  encoding.writeVarUint(message, MessageType.sync);
  syncProtocol.writeUpdate(message, encoding.toUint8Array(update));
  return encoding.toUint8Array(message);
}
const notes = (doc: Y.Doc) => doc.getText("notes").toString();

describe("Yjs client ids belong to their account", () => {
  it("refuses the partner's GC struct over the owner's next clocks while the owner is offline, and keeps the owner's offline text", async () => {
    const databasePath = tempDatabase();
    const server = await start(databasePath);
    const docName = meetingDocName("takeover");
    const owner = await client(server, docName, "aios");
    owner.doc.getText("notes").insert(0, "Eerst. ");
    const observer = await client(server, docName, "opleider");
    await eventually(() => expect(notes(observer.doc)).toBe("Eerst. "));

    // The owner goes offline and types a paragraph there.
    owner.provider.disconnect();
    owner.doc.getText("notes").insert(7, "Offline geschreven.");
    const id = owner.doc.clientID;
    const clock = Y.getState(observer.doc.store, id);

    // The partner writes one GC struct claiming the owner's next 1,000,000 clocks.
    const attacker = await raw(server, docName, "opleider");
    const closed = closeOf(attacker);
    attacker.send(gcUpdate(id, clock, 1_000_000));
    expect(await closed).toBe(CloseCode.clientIdTaken);

    // The owner comes back: the offline paragraph is stored and everyone has it.
    owner.provider.connect();
    await eventually(() => expect(notes(observer.doc)).toBe("Eerst. Offline geschreven."));

    // Also after a restart (the claim is in the database, not in memory).
    for (const c of clients.splice(0)) c.destroy();
    await server.close();
    servers.pop();
    const restarted = await start(databasePath);
    const again = await raw(restarted, docName, "opleider");
    const closedAgain = closeOf(again);
    again.send(gcUpdate(id, clock + "Offline geschreven.".length, 1_000_000));
    expect(await closedAgain).toBe(CloseCode.clientIdTaken);
    const reader = await client(restarted, docName, "opleider");
    expect(notes(reader.doc)).toBe("Eerst. Offline geschreven.");
    expect(Y.getState(reader.doc.store, id)).toBe(clock + "Offline geschreven.".length);
  });

  it("a sync step 2 that carries the partner's keystrokes (received after the greeting) is no takeover", async () => {
    const server = await start();
    const docName = meetingDocName("stale-greeting");
    const partner = await client(server, docName, "opleider");
    partner.doc.getText("notes").insert(0, "eerst");
    await eventually(async () => expect(await server.services.readDocument(docName, (d) => d.getText("notes").toString())).toBe("eerst"));

    // A raw y-websocket client: keeps the server's greeting, asks for the document, applies what comes.
    const ws = await yjsSocket(server, docName, "aios");
    sockets.push(ws);
    const local = new Y.Doc();
    let greeting: Uint8Array | null = null;
    ws.on("message", (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) !== MessageType.sync) return;
      const type = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (type === syncProtocol.messageYjsSyncStep1) greeting ??= payload;
      else Y.applyUpdate(local, payload);
    });
    await new Promise((resolve) => ws.once("open", resolve));
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, MessageType.sync);
    syncProtocol.writeSyncStep1(step1, local);
    ws.send(encoding.toUint8Array(step1));
    await eventually(() => expect(local.getText("notes").toString()).toBe("eerst"));
    // The partner types on; then the client answers the greeting: its step 2 holds those keystrokes too.
    partner.doc.getText("notes").insert(5, " en later");
    await eventually(() => expect(local.getText("notes").toString()).toBe("eerst en later"));
    local.getText("notes").insert(0, "Mijn: ");
    const step2 = encoding.createEncoder();
    encoding.writeVarUint(step2, MessageType.sync);
    syncProtocol.writeSyncStep2(step2, local, greeting!);
    ws.send(encoding.toUint8Array(step2));
    await handled(ws);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    await eventually(() => expect(notes(partner.doc)).toBe("Mijn: eerst en later"));
  });

  it("an id shown in presence is its account's before anything is typed under it", async () => {
    const server = await start();
    const docName = meetingDocName("presence-first");
    const owner = await client(server, docName, "aios");
    owner.provider.awareness.setLocalState({ user: { name: TEST_USERS.aios.name, color: ROLE_COLORS.aios }, cursor: null });
    const attacker = await raw(server, docName, "opleider");
    await new Promise((r) => setTimeout(r, 200)); // the presence has reached the server
    const closed = closeOf(attacker);
    attacker.send(gcUpdate(owner.doc.clientID, 0, 1000));
    expect(await closed).toBe(CloseCode.clientIdTaken);
    owner.doc.getText("notes").insert(0, "Nog steeds van mij");
    const reader = await client(server, docName, "opleider");
    await eventually(() => expect(notes(reader.doc)).toBe("Nog steeds van mij"));
  });

  it("an awareness id stays with its account after its owner drops; the owner's returning state is shown", async () => {
    const server = await start();
    const docName = meetingDocName("awareness-takeover");
    const observer = await client(server, docName, "opleider");
    const aios = { name: TEST_USERS.aios.name, color: ROLE_COLORS.aios };
    const owner = await raw(server, docName, "aios");
    owner.send(awarenessMessage([[4711, 5, { user: aios, cursor: { anchor: 1 } }]]));
    await eventually(() => expect(observer.provider.awareness.getStates().get(4711)).toEqual({ user: aios, cursor: { anchor: 1 } }));
    owner.terminate();
    await eventually(() => expect(observer.provider.awareness.getStates().get(4711)).toBeUndefined());

    // Another account claims the id with a far higher clock: not applied.
    const attacker = await raw(server, docName, "opleider");
    attacker.send(awarenessMessage([[4711, 1000, { cursor: { anchor: 99 } }]]));
    await handled(attacker);
    await new Promise((r) => setTimeout(r, 200));
    expect(observer.provider.awareness.getStates().get(4711)).toBeUndefined();

    // The owner returns with its next clock: shown again.
    const back = await raw(server, docName, "aios");
    back.send(awarenessMessage([[4711, 6, { user: aios, cursor: { anchor: 2 } }]]));
    await eventually(() => expect(observer.provider.awareness.getStates().get(4711)).toEqual({ user: aios, cursor: { anchor: 2 } }));
  });
});
