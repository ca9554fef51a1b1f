import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { connectClient, eventually, startTestServer, tempDatabase, type TestClient } from "../support/test-server";
import { memberCookie, TEST_USERS, seedMeeting } from "../support/test-access";
import type { KoersServer } from "../../server/koers-server";
import type { Role } from "../../db/schema";
import { meetingDocName, privateNotesDocName, YJS_PATH } from "../../app/collab/protocol";

// A private notes document (`private.<meetingId>.<userId>`) is opened only by its author:
// the other member of the pair is refused before the upgrade completes, and the author's
// text is stored like any other document.

const servers: KoersServer[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close();
});

async function start(databasePath?: string): Promise<KoersServer> {
  const server = await startTestServer(databasePath);
  servers.push(server);
  return server;
}

function client(server: KoersServer, docName: string, role: Role): TestClient {
  const c = connectClient(server, docName, role);
  clients.push(c);
  return c;
}

/**
 * Sends a websocket upgrade for a document over a plain TCP socket and returns every byte
 * the server sent back until it closed the connection, so a test sees exactly what leaked
 * (for an accepted upgrade: the bytes up to the end of the 101 response head, at least).
 */
function rawUpgrade(server: KoersServer, docName: string, cookie: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => {
      chunks.push(chunk);
      // An accepted upgrade stays open: its response head is enough.
      const text = Buffer.concat(chunks).toString("latin1");
      if (text.startsWith("HTTP/1.1 101 ") && text.includes("\r\n\r\n")) socket.destroy();
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
    socket.setTimeout(5000, () => socket.destroy(new Error("no answer to the upgrade")));
    socket.write(
      [
        `GET ${YJS_PATH}/${docName} HTTP/1.1`,
        `Host: 127.0.0.1:${server.port}`,
        "Connection: Upgrade",
        "Upgrade: websocket",
        "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        `Cookie: ${cookie}`,
        "",
        "",
      ].join("\r\n"),
    );
  });
}

const refused403 = "HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
const notes = (c: TestClient) => c.doc.getText("notes").toString();

describe("private notes documents", () => {
  it("the author writes; the other member of the pair is refused with 403 and receives no byte of the document", async () => {
    const server = await start();
    const meetingId = "priv-1";
    const docName = privateNotesDocName(meetingId, TEST_USERS.aios.id);
    const author = client(server, docName, "aios");
    await author.synced;
    author.doc.getText("notes").insert(0, "Alleen voor mij: vraag naar de ANW-dienst");
    // The server has it: a second connection of the author sees the text.
    const again = client(server, docName, "aios");
    await again.synced;
    await eventually(() => expect(notes(again)).toBe("Alleen voor mij: vraag naar de ANW-dienst"));

    // The opleider has a valid session and is a member of the meeting's pair ...
    const opleiderCookie = memberCookie(server, meetingDocName(meetingId), "opleider");
    expect(await rawUpgrade(server, meetingDocName(meetingId), opleiderCookie)).toMatch(/^HTTP\/1\.1 101 /);
    // ... yet on the aios's private notes the answer is a bare 403: no upgrade, no document bytes.
    const answer = await rawUpgrade(server, docName, opleiderCookie);
    expect(answer).toBe(refused403);
    expect(answer).not.toContain("ANW");

    // A standard y-websocket client of the opleider never syncs and never sees the text.
    const snooper = client(server, docName, "opleider");
    let synced = false;
    void snooper.synced.then(() => (synced = true));
    // Wait for the refusal itself (the provider's close), not for a guessed time.
    await new Promise<void>((resolve) => snooper.provider.once("connection-close", () => resolve()));
    expect(synced).toBe(false);
    expect(notes(snooper)).toBe("");

    // The author's own private document stays open to them.
    expect(await rawUpgrade(server, docName, memberCookie(server, docName, "aios"))).toMatch(/^HTTP\/1\.1 101 /);
  });

  it("the opleider's own private notes are refused to the aios the same way", async () => {
    const server = await start();
    const docName = privateNotesDocName("priv-2", TEST_USERS.opleider.id);
    const own = client(server, docName, "opleider");
    await own.synced;
    expect(await rawUpgrade(server, docName, memberCookie(server, docName, "aios"))).toBe(refused403);
  });

  it("the author's text is stored: reopening after a server restart shows it", async () => {
    const databasePath = tempDatabase();
    const server = await start(databasePath);
    const docName = privateNotesDocName("priv-3", TEST_USERS.aios.id);
    const author = client(server, docName, "aios");
    await author.synced;
    author.doc.getText("notes").insert(0, "Leerdoel: slecht nieuws gesprek");
    author.doc.getText("notes").insert(0, "Week 47. ");
    const check = client(server, docName, "aios");
    await check.synced;
    await eventually(() => expect(notes(check)).toBe("Week 47. Leerdoel: slecht nieuws gesprek"));
    for (const c of clients.splice(0)) c.destroy();
    servers.splice(servers.indexOf(server), 1);
    await server.close();

    const restarted = await start(databasePath);
    const reopened = client(restarted, docName, "aios");
    await reopened.synced;
    expect(notes(reopened)).toBe("Week 47. Leerdoel: slecht nieuws gesprek");
    // After the restart the other member is still refused.
    expect(await rawUpgrade(restarted, docName, memberCookie(restarted, docName, "opleider"))).toBe(refused403);
  });

  it("refuses a private document named after someone outside the pair with 403, to both members", async () => {
    const server = await start();
    const outsider = "00000000-0000-4000-8000-0000000000ff";
    const docName = privateNotesDocName("priv-4", outsider);
    await seedMeeting(server, docName); // the meeting exists; the document's owner is no member
    for (const role of ["aios", "opleider"] as const) {
      expect(await rawUpgrade(server, docName, memberCookie(server, docName, role))).toBe(refused403);
    }
    // The pieces in the other order name a meeting that does not exist: 404, no document is created.
    const swapped = `private.${TEST_USERS.aios.id}.priv-4`;
    expect(await rawUpgrade(server, swapped, memberCookie(server, meetingDocName("priv-4"), "aios"))).toBe(
      "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
    );
  });
});
