import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import { runFuzzScenario } from "../support/fuzz-scenario";
import { connectClient, startTestServer } from "../support/test-server";
import { CloseCode, meetingDocName, MessageType } from "../../app/collab/protocol";

// FUZZ_SEED=<n> reproduces a failing run; otherwise every run tries a new seed.
const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe("fuzzing /yjs with broken messages", () => {
  it("keeps serving, keeps normal clients in sync and changes no stored document", async () => {
    const result = await runFuzzScenario({ count: 3000, seed }).catch((error: unknown) => {
      throw new Error(`fuzz seed ${seed} (rerun with FUZZ_SEED=${seed}): ${String(error)}`);
    });
    expect(result.failures, `fuzz seed ${seed} (rerun with FUZZ_SEED=${seed})`).toEqual([]);
    // The fuzzer really reached the server's refusal paths.
    expect(result.closedByServer, `fuzz seed ${seed}`).toBeGreaterThan(100);
  });
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
      const raw = new WebSocket(`ws://127.0.0.1:${server.port}/yjs/${docName}`);
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
