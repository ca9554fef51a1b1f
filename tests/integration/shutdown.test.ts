import { afterEach, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { connectClient, startTestServer, tempDatabase, type TestClient } from "../support/test-server";
import { meetingDocName } from "../../app/collab/protocol";
import type { KoersServer } from "../../server/koers-server";

const DOCUMENTS = 200;
// Each y-websocket provider adds a process "exit" listener; 400 of them are expected here.
process.setMaxListeners(2 * DOCUMENTS + 20);
const clients: TestClient[] = [];
const servers: KoersServer[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close();
});

/** Resolves once the server has handled everything this client sent: it answers a ping after the messages before it. */
function handledByServer(client: TestClient): Promise<void> {
  const ws = client.provider.ws as unknown as WebSocket;
  return new Promise((resolve) => {
    ws.once("pong", () => resolve());
    ws.ping();
  });
}

const textOf = (i: number) => `Notities van gesprek ${i}: leerdoel ${i * 7}, afspraak ${i % 13}.`;

describe("shutting down with many open documents", () => {
  it("closes within 5 s and every document has all its text after a restart", async () => {
    const databasePath = tempDatabase();
    // One session opens all 200: far more than the per-session cap a person needs.
    const server = await startTestServer(databasePath, 0, { yjsLimits: { connectionsPerSession: 1000 } });
    servers.push(server);
    const names = Array.from({ length: DOCUMENTS }, (_, i) => meetingDocName(`shutdown-${i}`));
    const writers = names.map((name) => connectClient(server, name));
    clients.push(...writers);
    await Promise.all(writers.map((w) => w.synced));
    writers.forEach((w, i) => {
      // Typed in pieces, as keystrokes arrive: several updates per document.
      for (const word of textOf(i).split(/(?<= )/)) w.doc.getText("notes").insert(w.doc.getText("notes").length, word);
    });
    // Text still in flight when the server stops is the client's to resend; here it has all arrived.
    await Promise.all(writers.map(handledByServer));
    expect(server.collab.openDocumentCount).toBe(DOCUMENTS);

    const closed = server.close().then(() => "closed" as const);
    const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 5000).unref());
    expect(await Promise.race([closed, timeout])).toBe("closed");
    servers.pop();
    for (const w of clients.splice(0)) w.destroy(); // stop them reconnecting to the restarted server

    const restarted = await startTestServer(databasePath, 0, { yjsLimits: { connectionsPerSession: 1000 } });
    servers.push(restarted);
    const readers = names.map((name) => connectClient(restarted, name));
    clients.push(...readers);
    await Promise.all(readers.map((r) => r.synced));
    readers.forEach((r, i) => expect(r.doc.getText("notes").toString()).toBe(textOf(i)));
  });
});
