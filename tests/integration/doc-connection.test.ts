import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { memberCookie, seedMeeting } from "../support/test-access";
import { withHeaders, connectClient, eventually, startTestServer, tempDatabase, type TestClient } from "../support/test-server";
import type { KoersServer } from "../../server/koers-server";
import { CloseCode, meetingDocName, YJS_PATH } from "../../app/collab/protocol";
import type { AddressInfo } from "node:net";
import { WebSocket, WebSocketServer } from "ws";
import { LIVENESS_TIMEOUT_MS, openDocConnection, reconnectDelay, type DocConnection } from "../../app/collab/doc-connection.client";
import type { SaveStatus } from "../../app/collab/saved-state";
import * as Y from "yjs";

const servers: KoersServer[] = [];
const connections: DocConnection[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of connections.splice(0)) c.destroy();
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close();
});

async function start(databasePath = tempDatabase(), port = 0) {
  const server = await startTestServer(databasePath, port);
  servers.push(server);
  return server;
}

async function open(server: KoersServer, docName: string, random?: () => number, role: "aios" | "opleider" = "aios") {
  await seedMeeting(server, docName);
  const connection = openDocConnection(docName, {
    serverUrl: `ws://127.0.0.1:${server.port}${YJS_PATH}`,
    WebSocketPolyfill: withHeaders({ Cookie: memberCookie(server, docName, role) }),
    ...(random ? { random } : {}),
  });
  connections.push(connection);
  return connection;
}

function statuses(connection: DocConnection): SaveStatus[] {
  const seen: SaveStatus[] = [];
  connection.onSaveStatus((s) => seen.push(s));
  return seen;
}

const notes = (c: { doc: { getText(name: string): { toString(): string } } }) => c.doc.getText("notes").toString();

describe("reconnectDelay", () => {
  it("waits a random time up to an exponential bound, at least 100 ms and at most 10 s", () => {
    expect(reconnectDelay(0, () => 1)).toBe(250);
    expect(reconnectDelay(3, () => 1)).toBe(2000);
    expect(reconnectDelay(3, () => 0.5)).toBe(1000);
    expect(reconnectDelay(3, () => 0)).toBe(100);
    expect(reconnectDelay(30, () => 1)).toBe(10_000);
    const spread = new Set(Array.from({ length: 50 }, () => reconnectDelay(4)));
    expect(spread.size).toBeGreaterThan(10);
  });
});

describe("DocConnection (browser module, here over ws and fake-indexeddb)", () => {
  it("shows saving while typing and saved once the server confirmed every change, deletions too", async () => {
    const server = await start();
    const docName = meetingDocName("status");
    const connection = await open(server, docName);
    const seen = statuses(connection);
    await new Promise<void>((resolve) => connection.provider.once("sync", () => resolve()));

    connection.doc.getText("notes").insert(0, "hello world");
    expect(connection.saveStatus).toBe("saving");
    await eventually(() => expect(connection.saveStatus).toBe("saved"));
    connection.doc.getText("notes").delete(0, 6);
    expect(connection.saveStatus).toBe("saving");
    await eventually(() => expect(connection.saveStatus).toBe("saved"));
    expect(seen).toEqual(["saving", "saved", "saving", "saved"]);

    const reader = connectClient(server, docName);
    clients.push(reader);
    await reader.synced;
    expect(notes(reader)).toBe("world");
  });

  it("goes offline when the server goes away, keeps typing, and saves it after reconnecting", async () => {
    const databasePath = tempDatabase();
    const server = await start(databasePath);
    const port = server.port;
    const docName = meetingDocName("restart");
    const connection = await open(server, docName);
    connection.doc.getText("notes").insert(0, "before. ");
    await eventually(() => expect(connection.saveStatus).toBe("saved"));

    await server.close();
    servers.pop();
    await eventually(() => expect(connection.saveStatus).toBe("offline"));
    connection.doc.getText("notes").insert(8, "typed offline.");
    expect(connection.saveStatus).toBe("offline");

    await start(databasePath, port);
    await eventually(() => expect(connection.saveStatus).toBe("saved"), 15_000);
    const reader = connectClient(servers[0]!, docName);
    clients.push(reader);
    await reader.synced;
    expect(notes(reader)).toBe("before. typed offline.");
  });

  it("keeps text typed offline across a reload (IndexedDB) and sends it when the server is back", async () => {
    const databasePath = tempDatabase();
    const server = await start(databasePath);
    const port = server.port;
    const docName = meetingDocName("reload-offline");
    const first = await open(server, docName);
    first.doc.getText("notes").insert(0, "online. ");
    await eventually(() => expect(first.saveStatus).toBe("saved"));
    await server.close();
    servers.pop();
    await eventually(() => expect(first.saveStatus).toBe("offline"));
    first.doc.getText("notes").insert(8, "offline.");
    // Let y-indexeddb write the offline change, then "reload": a new doc with a new client id.
    await new Promise((r) => setTimeout(r, 200));
    first.destroy();

    const restarted = await start(databasePath, port);
    const second = await open(restarted, docName);
    await second.offlineCopy!.whenSynced;
    await eventually(() => expect(notes(second)).toBe("online. offline."));
    await eventually(() => expect(second.saveStatus).toBe("saved"));
    const reader = connectClient(restarted, docName);
    clients.push(reader);
    await reader.synced;
    expect(notes(reader)).toBe("online. offline.");
  });

  it("reconnects on its own jittered timer, and y-websocket's fixed one never fires", async () => {
    const server = await start();
    const docName = meetingDocName("jitter");
    // random() = 1: waits of exactly 250 ms, then 500 ms. y-websocket alone would retry after 200 and 400 ms.
    const connection = await open(server, docName, () => 1);
    await new Promise<void>((resolve) => connection.provider.once("sync", () => resolve()));
    const attempts: number[] = [];
    connection.provider.on("status", ({ status }: { status: string }) => {
      if (status === "connecting") attempts.push(Date.now());
    });
    let closedAt = 0;
    connection.provider.once("connection-close", () => (closedAt = Date.now()));
    await server.close(); // nothing listens any more: every attempt fails at once
    servers.pop();
    await new Promise((r) => setTimeout(r, 1300));
    expect(attempts).toHaveLength(2);
    expect(attempts[0]! - closedAt).toBeGreaterThanOrEqual(240);
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(490);
    expect(connection.saveStatus).toBe("offline");
  });
});

describe("DocConnection liveness (issue #12: a lost connection shows within ~5 s, not 30)", () => {
  it("shows offline within 5 s when the server stops answering without closing the socket", async () => {
    // A server that accepts the websocket and then never says anything: a dead network or a hung process.
    const silent = new WebSocketServer({ port: 0 });
    const sockets: WebSocket[] = [];
    const received: number[] = [];
    silent.on("connection", (ws) => {
      sockets.push(ws);
      ws.on("message", (data: Buffer) => received.push(data[0]!));
    });
    await new Promise<void>((resolve) => silent.once("listening", () => resolve()));
    try {
      const connection = openDocConnection(meetingDocName("silent"), {
        serverUrl: `ws://127.0.0.1:${(silent.address() as AddressInfo).port}${YJS_PATH}`,
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        offlineCopy: false,
      });
      connections.push(connection);
      await eventually(() => expect(connection.provider.wsconnected).toBe(true));
      const openedAt = Date.now();
      connection.doc.getText("notes").insert(0, "typed into a dead connection");
      expect(connection.saveStatus).toBe("saving");
      await eventually(() => expect(connection.saveStatus).toBe("offline"), 5_500);
      expect(Date.now() - openedAt).toBeLessThan(5_500);
      // It probed before giving up (queryAwareness, message type 3).
      expect(received).toContain(3);
    } finally {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("stays connected and saved through quiet minutes against the real server, which answers its probes", async () => {
    const server = await start();
    const docName = meetingDocName("quiet");
    const connection = await open(server, docName);
    await new Promise<void>((resolve) => connection.provider.once("sync", () => resolve()));
    connection.doc.getText("notes").insert(0, "then nobody types");
    await eventually(() => expect(connection.saveStatus).toBe("saved"));
    let closes = 0;
    connection.provider.on("connection-close", () => closes++);
    await new Promise((r) => setTimeout(r, 3 * LIVENESS_TIMEOUT_MS));
    expect(closes).toBe(0);
    expect(connection.saveStatus).toBe("saved");
  }, 30_000);
});

describe("DocConnection after a refused change (the server will not take what this device holds)", () => {
  it("says why and does not retry; after discarding this device's copy it starts again from the server's", async () => {
    const server = await start();
    const docName = meetingDocName("refused");
    const aios = await open(server, docName);
    await new Promise<void>((resolve) => aios.provider.once("sync", () => resolve()));
    aios.doc.getXmlFragment("notes").insert(0, [new Y.XmlText("Samen opgeschreven")]);
    await eventually(() => expect(aios.saveStatus).toBe("saved"));

    // The opleider's page writes into the verslag, which only the aios writes (role rules).
    const opleider = await open(server, docName, undefined, "opleider");
    await new Promise<void>((resolve) => opleider.provider.once("sync", () => resolve()));
    const seen: Array<{ code: number; retrying: boolean } | null> = [];
    opleider.onClosedByServer((closed) => seen.push(closed));
    opleider.doc.getXmlFragment("report").insert(0, [new Y.XmlText("Niet van mij")]);
    await eventually(() => expect(opleider.closedByServer).toEqual({ code: CloseCode.roleRule, retrying: false }));
    expect(seen).toEqual([{ code: CloseCode.roleRule, retrying: false }]);
    // No retry: the same change would be refused again.
    await new Promise((r) => setTimeout(r, 1500));
    expect(opleider.provider.wsconnected).toBe(false);

    // A reload would load the refused change from IndexedDB and send it again: it is discarded first.
    await opleider.discardOfflineCopy();
    opleider.destroy();
    const again = await open(server, docName, undefined, "opleider");
    await new Promise<void>((resolve) => again.provider.once("sync", () => resolve()));
    await new Promise((r) => setTimeout(r, 500));
    expect(again.closedByServer).toBeNull();
    expect(again.doc.getXmlFragment("report").length).toBe(0);
    expect(again.doc.getXmlFragment("notes").toString()).toContain("Samen opgeschreven");
    expect(await server.services.readDocument(docName, (d) => d.getXmlFragment("report").length)).toBe(0);
  });
});
