import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as decoding from "lib0/decoding";
import { connectClient, eventually, startTestServer, yjsSocket, type TestClient } from "../support/test-server";
import { memberCookie, seedMeeting, TEST_USERS } from "../support/test-access";
import type { KoersServer } from "../../server/koers-server";
import { awarenessMessage } from "../support/yjs-messages";
import type { Role } from "../../db/schema";
import { CloseCode, meetingDocName, MessageType, privateNotesDocName, YJS_PATH } from "../../app/collab/protocol";
import { ROLE_COLORS } from "../../app/live/identity";
import { LIVENESS_INTERVAL_MS } from "../../server/collab/liveness";

// Issue #13.5 and "Also", #12.6: how big a document may grow, how much one account may
// write, how many connections one session may hold, how much presence reaches one client,
// and how soon a dropped connection's presence is gone.

const servers: KoersServer[] = [];
const clients: TestClient[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const ws of sockets.splice(0)) ws.terminate();
  for (const s of servers.splice(0)) await s.close();
});

async function start(options: Parameters<typeof startTestServer>[2] = {}) {
  const server = await startTestServer(undefined, 0, options);
  servers.push(server);
  return server;
}
function client(server: KoersServer, docName: string, role: Role = "aios") {
  const c = connectClient(server, docName, role);
  clients.push(c);
  const closed = new Promise<number>((resolve) => {
    c.provider.on("connection-close", (event) => event && resolve(event.code));
    setTimeout(() => resolve(-1), 5000).unref();
  });
  return Object.assign(c, { closed });
}
async function raw(server: KoersServer, docName: string, role: Role = "aios") {
  const ws = await yjsSocket(server, docName, role);
  sockets.push(ws);
  ws.on("error", () => {});
  await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
  return ws;
}
async function upgradeStatus(server: KoersServer, docName: string): Promise<number> {
  await seedMeeting(server, docName);
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${YJS_PATH}/${docName}`, { headers: { Cookie: memberCookie(server, docName) } });
  sockets.push(ws);
  return new Promise((resolve) => {
    ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.once("open", () => resolve(101));
    ws.once("error", () => resolve(-1));
  });
}
const notesLength = (server: KoersServer, docName: string) => server.services.readDocument(docName, (d) => d.getText("notes").length);

describe("limits on /yjs", () => {
  it("refuses an update that would take a document over its size limit (4413) and keeps what is there", async () => {
    const server = await start({ yjsLimits: { maxDocumentBytes: 64 * 1024 } });
    const docName = meetingDocName("size");
    const writer = client(server, docName);
    const reader = client(server, docName, "opleider");
    await Promise.all([writer.synced, reader.synced]);
    writer.doc.getText("notes").insert(0, "a".repeat(40_000));
    await eventually(() => expect(reader.doc.getText("notes").length).toBe(40_000));
    writer.doc.getText("notes").insert(0, "b".repeat(40_000));
    expect(await writer.closed).toBe(CloseCode.documentTooLarge);
    expect(await notesLength(server, docName)).toBe(40_000);
    // Small edits by the others still fit.
    reader.doc.getText("notes").insert(0, "ok ");
    await eventually(async () => expect(await notesLength(server, docName)).toBe(40_003));
  });

  it("gives each account a write budget over all its connections (4430); the partner keeps writing", async () => {
    const server = await start({ yjsLimits: { writeBudget: { bytes: 100_000, windowMs: 60_000 } } });
    const first = client(server, meetingDocName("budget-1"));
    const second = client(server, privateNotesDocName("budget-1", TEST_USERS.aios.id));
    const partner = client(server, meetingDocName("budget-1"), "opleider");
    await Promise.all([first.synced, second.synced, partner.synced]);
    first.doc.getText("notes").insert(0, "x".repeat(60_000));
    await eventually(async () => expect(await notesLength(server, meetingDocName("budget-1"))).toBe(60_000));
    second.doc.getText("notes").insert(0, "y".repeat(60_000)); // the same account, another document
    expect(await second.closed).toBe(CloseCode.writeBudgetExceeded);
    expect(await notesLength(server, privateNotesDocName("budget-1", TEST_USERS.aios.id))).toBe(0);
    partner.doc.getText("notes").insert(0, "z".repeat(50_000));
    await eventually(async () => expect(await notesLength(server, meetingDocName("budget-1"))).toBe(110_000));
  });

  it("refuses more /yjs connections per session than the cap (HTTP 429) and frees a place when one closes", async () => {
    const server = await start({ yjsLimits: { connectionsPerSession: 3 } });
    const docName = meetingDocName("cap");
    const open = await Promise.all([0, 1, 2].map(() => raw(server, docName)));
    expect(await upgradeStatus(server, docName)).toBe(429);
    // The partner's session has its own places.
    const partner = client(server, docName, "opleider");
    await partner.synced;
    const closed = new Promise((resolve) => open[0]!.once("close", resolve));
    open[0]!.close();
    await closed;
    await eventually(async () => expect(await upgradeStatus(server, docName)).toBe(101));
  });

  it("relays at most ~10 presence messages a second to a client, however many others move their carets", async () => {
    const server = await start({ yjsLimits: { connectionsPerSession: 40 } });
    const docName = meetingDocName("noisy");
    const observer = await raw(server, docName, "opleider");
    let awarenessMessages = 0;
    let bytes = 0;
    observer.on("message", (data: Buffer) => {
      if (decoding.readVarUint(decoding.createDecoder(new Uint8Array(data))) !== MessageType.awareness) return;
      awarenessMessages++;
      bytes += data.length;
    });
    const noisy = await Promise.all(Array.from({ length: 10 }, () => raw(server, docName)));
    const aios = { name: TEST_USERS.aios.name, color: ROLE_COLORS.aios };
    const started = Date.now();
    // Each of ten connections moves its caret 80 times a second for 2 s (within its message budget).
    for (let tick = 0; tick < 160; tick++) {
      noisy.forEach((ws, i) => ws.send(awarenessMessage([[9000 + i, tick + 1, { user: aios, cursor: { anchor: tick } }]])));
      await new Promise((r) => setTimeout(r, 12));
    }
    const seconds = (Date.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 300));
    expect(awarenessMessages / seconds).toBeLessThanOrEqual(12);
    expect(awarenessMessages).toBeGreaterThan(5);
    // 1,600 caret moves became at most ~25 messages, each holding each client's latest state.
    expect(bytes).toBeLessThan(30_000);
  });

  it("a dropped connection's presence disappears for the other person within 10 s", async () => {
    const server = await start();
    const docName = meetingDocName("dropped");
    const observer = client(server, docName, "opleider");
    await observer.synced;
    const dropped = await raw(server, docName);
    dropped.send(awarenessMessage([[7007, 1, { user: { name: TEST_USERS.aios.name, color: ROLE_COLORS.aios }, cursor: null }]]));
    await eventually(() => expect(observer.provider.awareness.getStates().has(7007)).toBe(true));
    // The network goes away: nothing more arrives from it, not even pongs.
    (dropped as unknown as { _socket: import("node:net").Socket })._socket.pause();
    const droppedAt = Date.now();
    await eventually(() => expect(observer.provider.awareness.getStates().has(7007)).toBe(false), 12_000);
    expect(Date.now() - droppedAt).toBeLessThanOrEqual(2 * LIVENESS_INTERVAL_MS + 1000);
  }, 20_000);
});

