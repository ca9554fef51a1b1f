import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import { memberCookie } from "../support/test-access";
import { yjsSocket, connectClient, eventually, startTestServer, tempDatabase, SCRIPTED_BURST_RATE, type TestClient } from "../support/test-server";
import type { KoersServer } from "../../server/koers-server";
import { CloseCode, meetingDocName, MessageType } from "../../app/collab/protocol";
import { COMPACT_AFTER_UPDATES } from "../../server/collab/shared-doc";
import { readStoredDocumentAt } from "../support/test-database";

const servers: KoersServer[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close();
});

async function start(databasePath?: string) {
  // Some tests write 500+ updates in one loop to reach compaction; that is a script's burst.
  const server = await startTestServer(databasePath, 0, { yjsMessageRate: SCRIPTED_BURST_RATE });
  servers.push(server);
  return server;
}
function client(server: KoersServer, docName: string) {
  const c = connectClient(server, docName);
  clients.push(c);
  return c;
}
const notesText = (c: TestClient) => c.doc.getText("notes").toString();

describe("collaboration over /yjs with persistence", () => {
  it("two clients edit the same document concurrently, converge, and the text survives a restart", async () => {
    const databasePath = tempDatabase();
    const server = await start(databasePath);
    const docName = meetingDocName("week-47");
    const a = client(server, docName);
    const b = client(server, docName);
    await Promise.all([a.synced, b.synced]);

    // Interleaved typing at the same position from both sides.
    const typed: string[] = [];
    for (let i = 0; i < 20; i++) {
      a.doc.getText("notes").insert(0, `a${i} `);
      b.doc.getText("notes").insert(0, `b${i} `);
      typed.push(`a${i} `, `b${i} `);
    }
    await eventually(() => expect(notesText(a)).toBe(notesText(b)));
    expect(notesText(a)).toContain("a19 ");
    expect(notesText(a)).toContain("b19 ");
    const finalText = notesText(a);
    // Every keystroke of both, none lost and none doubled.
    expect(finalText.length).toBe(typed.join("").length);
    for (const piece of typed) expect(finalText.split(piece).length - 1).toBe(1);

    a.destroy();
    b.destroy();
    await server.close();
    servers.pop();

    const restarted = await start(databasePath);
    const c = client(restarted, docName);
    await c.synced;
    expect(notesText(c)).toBe(finalText);
  });

  it("a client's first sync already holds the whole stored document", async () => {
    const databasePath = tempDatabase();
    const server = await start(databasePath);
    const docName = meetingDocName("first-sync");
    const writer = client(server, docName);
    await writer.synced;
    for (let i = 0; i < COMPACT_AFTER_UPDATES + 50; i++) writer.doc.getText("notes").insert(i, "x");
    await eventually(() => expect(writer.provider.wsconnected).toBe(true));
    await new Promise((r) => setTimeout(r, 200));
    writer.destroy();
    await server.close();
    servers.pop();

    const restarted = await start(databasePath);
    const reader = client(restarted, docName);
    // Recorded on the first sync event: the text is complete at once, never filling up later.
    const lengthAtSync = await new Promise<number>((resolve) =>
      reader.provider.once("sync", () => resolve(reader.doc.getText("notes").length)),
    );
    expect(lengthAtSync).toBe(COMPACT_AFTER_UPDATES + 50);
  });

  it("compacts a long log into one state and keeps every character", async () => {
    const databasePath = tempDatabase();
    const server = await start(databasePath);
    const docName = meetingDocName("long-meeting");
    const writer = client(server, docName);
    await writer.synced;
    const total = COMPACT_AFTER_UPDATES * 3;
    for (let i = 0; i < total; i++) writer.doc.getText("notes").insert(i, String(i % 10));
    const observer = client(server, docName);
    await observer.synced;
    await eventually(() => expect(observer.doc.getText("notes").length).toBe(total));

    // The log was trimmed as it grew: what is stored is a state plus a short tail (the last
    // compaction runs after the last write, so on a busy machine it may still be under way).
    let stored!: Awaited<ReturnType<typeof readStoredDocumentAt>>;
    await eventually(async () => {
      stored = await readStoredDocumentAt(databasePath, docName);
      expect(stored.state).not.toBeNull();
      expect(stored.updates.length).toBeLessThan(COMPACT_AFTER_UPDATES);
    });
    const rebuilt = new Y.Doc();
    Y.applyUpdate(rebuilt, stored.state!);
    for (const u of stored.updates) Y.applyUpdate(rebuilt, u);
    expect(rebuilt.getText("notes").toString()).toBe(writer.doc.getText("notes").toString());
  });
});

describe("bad input on /yjs", () => {
  it("disconnects a client that sends garbage and keeps serving the others", async () => {
    const server = await start();
    const docName = meetingDocName("garbage");
    const a = client(server, docName);
    const b = client(server, docName);
    await Promise.all([a.synced, b.synced]);

    const raw = await yjsSocket(server, docName);
    await new Promise((resolve) => raw.once("open", resolve));
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      raw.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    raw.send(Buffer.from([0x00, 0x02, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02]));
    const { code } = await closed;
    expect(code).toBe(CloseCode.malformedMessage);

    a.doc.getText("notes").insert(0, "still here");
    await eventually(() => expect(notesText(b)).toBe("still here"));
  });

  it("does not apply an update whose dependencies the server does not have: it asks for them, and stores nothing of it", async () => {
    const server = await start();
    const docName = meetingDocName("deps");
    const reader = client(server, docName);
    await reader.synced;

    // An update that continues a client's history from clock 5: the server never saw 0–4.
    const source = new Y.Doc();
    source.getText("notes").insert(0, "hello");
    const sv = Y.encodeStateVector(source);
    source.getText("notes").insert(5, " world");
    const tail = Y.encodeStateAsUpdate(source, sv);

    const raw = await yjsSocket(server, docName);
    const replies: Uint8Array[] = [];
    raw.on("message", (data: Buffer) => replies.push(new Uint8Array(data))); // from the first byte on
    await new Promise((resolve) => raw.once("open", resolve));
    const isSyncStep1 = (m: Uint8Array) => m[0] === MessageType.sync && m[1] === syncProtocol.messageYjsSyncStep1;
    // The greeting (the server's own sync step 1) has arrived before we send: it is not the answer.
    await eventually(() => expect(replies.filter(isSyncStep1).length).toBe(1));
    const before = 1;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeUpdate(encoder, tail);
    raw.send(encoding.toUint8Array(encoder));
    // The answer is a sync step 1 ("send me what I lack"); a client with the missing history replies with it.
    await eventually(() => expect(replies.filter(isSyncStep1).length).toBe(before + 1));
    expect(raw.readyState).toBe(raw.OPEN);
    raw.close();

    reader.doc.getText("notes").insert(0, "ok");
    const late = client(server, docName);
    await late.synced;
    await eventually(() => expect(notesText(late)).toBe("ok"));
  });

  it("refuses upgrades on unknown paths and unknown document names", async () => {
    const server = await start();
    for (const url of [`ws://127.0.0.1:${server.port}/elsewhere`, `ws://127.0.0.1:${server.port}/yjs/not-a-doc`]) {
      // A logged-in member still gets 404 for a path or name the server does not serve.
      const ws = new WebSocket(url, { headers: { Cookie: memberCookie(server, "not-a-doc") } });
      const status = await new Promise<number>((resolve) => {
        ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
        ws.once("open", () => resolve(101));
        ws.once("error", () => resolve(-1));
      });
      expect(status).toBe(404);
    }
  });
});
