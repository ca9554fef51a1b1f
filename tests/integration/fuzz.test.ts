import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import { runFuzzScenario } from "../support/fuzz-scenario";
import { yjsSocket, connectClient, eventually, startTestServer } from "../support/test-server";
import { CloseCode, meetingDocName, MessageType } from "../../app/collab/protocol";

// FUZZ_SEED=<n> reproduces a failing run; otherwise every run tries a new seed.
const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe("fuzzing /yjs with broken messages", () => {
  it("keeps serving, keeps normal clients in sync and changes no stored document", async () => {
    const result = await runFuzzScenario({ count: 2500, seed }).catch((error: unknown) => {
      throw new Error(`fuzz seed ${seed} (rerun with FUZZ_SEED=${seed}): ${String(error)}`);
    });
    expect(result.failures, `fuzz seed ${seed} (rerun with FUZZ_SEED=${seed})`).toEqual([]);
    // The fuzzer really reached the server's refusal paths.
    expect(result.closedByServer, `fuzz seed ${seed}`).toBeGreaterThan(100);
  }, 120_000); // each refused message costs a reconnect: ~40 s on two busy cores
});

describe("a refused update changes nothing", () => {
  it("refuses an update with an empty deletion whole, including the text it inserts", async () => {
    // Found by the fuzzer: the server applied and stored the insert, then failed on the deletion.
    const server = await startTestServer();
    const docName = meetingDocName("empty-deletion");
    const reader = connectClient(server, docName);
    try {
      await reader.synced;
      const source = new Y.Doc();
      source.clientID = 500;
      source.getText("notes").insert(0, "half");
      const update = Y.encodeStateAsUpdate(source);
      // Replace the empty delete set (its last byte) with one zero-length deletion at client 500, clock 4.
      const crafted = Uint8Array.from([...update.subarray(0, -1), 1, ...varUint(500), 1, 4, 0]);
      const raw = await yjsSocket(server, docName);
      await new Promise((resolve) => raw.once("open", resolve));
      const closed = new Promise<number>((resolve) => raw.once("close", (code) => resolve(code)));
      raw.send(syncUpdate(crafted));
      expect(await closed).toBe(CloseCode.malformedMessage);

      reader.doc.getText("notes").insert(0, "ok");
      const late = connectClient(server, docName);
      await late.synced;
      expect(late.doc.getText("notes").toString()).toBe("ok");
      late.destroy();
    } finally {
      reader.destroy();
      await server.close();
    }
  });
});

function varUint(n: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, n);
  return encoding.toUint8Array(e);
}
function syncUpdate(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
}

describe("a zero-length struct", () => {
  it("is refused, and the document can still be opened and edited", async () => {
    const server = await startTestServer();
    const docName = meetingDocName("empty-struct");
    const reader = connectClient(server, docName);
    try {
      await reader.synced;
      reader.doc.getText("notes").insert(0, "hello");
      const readerWs = reader.provider.ws as unknown as WebSocket;
      await new Promise((resolve) => (readerWs.once("pong", resolve), readerWs.ping())); // "hello" has arrived
      // Hand-encoded v1 update: client 5, clock 0, one deleted-content item of length 0 after "hello".
      const e = encoding.createEncoder();
      for (const n of [1, 1, 5, 0]) encoding.writeVarUint(e, n); // one client, one struct, client 5, clock 0
      encoding.writeUint8(e, 1 | 0x80); // info: ContentDeleted with a left origin
      encoding.writeVarUint(e, reader.doc.clientID); // origin: the "o" of "hello"
      encoding.writeVarUint(e, 4);
      encoding.writeVarUint(e, 0); // deleted length 0
      encoding.writeVarUint(e, 0); // empty delete set
      const crafted = encoding.toUint8Array(e);
      const raw = await yjsSocket(server, docName);
      await new Promise((resolve) => raw.once("open", resolve));
      const closed = new Promise<number>((resolve) => raw.once("close", (code) => resolve(code)));
      raw.send(syncUpdate(crafted));
      expect(await closed).toBe(CloseCode.malformedMessage);

      reader.doc.getText("notes").insert(5, " world");
      const late = connectClient(server, docName);
      await late.synced;
      expect(late.doc.getText("notes").toString()).toBe("hello world");
      late.doc.getText("notes").insert(0, "> ");
      await eventually(() => expect(reader.doc.getText("notes").toString()).toBe("> hello world"));
      late.destroy();
    } finally {
      reader.destroy();
      await server.close();
    }
  });
});

describe("an item that refers forward to its own client", () => {
  it("is refused by validation, not by Yjs throwing halfway, and the document keeps working", async () => {
    const server = await startTestServer();
    const docName = meetingDocName("forward-ref");
    const reader = connectClient(server, docName);
    try {
      await reader.synced;
      reader.doc.getText("notes").insert(0, "hello");
      // Hand-encoded v1 update: client 7, clock 0, the string "abcdef" (clocks 0–5) whose left
      // origin is (7, 5): inside this very update, but later than the item itself. Yjs never writes that.
      const e = encoding.createEncoder();
      for (const n of [1, 1, 7, 0]) encoding.writeVarUint(e, n); // one client, one struct, client 7, clock 0
      encoding.writeUint8(e, 4 | 0x80); // info: ContentString with a left origin
      encoding.writeVarUint(e, 7);
      encoding.writeVarUint(e, 5);
      encoding.writeVarString(e, "abcdef");
      encoding.writeVarUint(e, 0); // empty delete set
      const raw = await yjsSocket(server, docName);
      await new Promise((resolve) => raw.once("open", resolve));
      const closed = new Promise<{ code: number; reason: string }>((resolve) =>
        raw.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
      );
      raw.send(syncUpdate(encoding.toUint8Array(e)));
      const { code, reason } = await closed;
      expect(code).toBe(CloseCode.malformedMessage);
      expect(reason).toContain("refers to a later item");

      reader.doc.getText("notes").insert(5, "!");
      const late = connectClient(server, docName);
      await late.synced;
      expect(late.doc.getText("notes").toString()).toBe("hello!");
      late.destroy();
    } finally {
      reader.destroy();
      await server.close();
    }
  });
});
