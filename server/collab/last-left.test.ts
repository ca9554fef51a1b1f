import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import { openDatabase } from "../../db/database";
import type { DocStore } from "../../db/doc-store";
import { identityOf } from "../../app/live/identity";
import { eventually } from "../../tests/support/test-server";
import { CollabServer } from "./collab-server";
import type { CollabExtension } from "./extension";

// The last-left hooks (the snapshotter's "Iedereen vertrok" version) run when the last person
// leaves a document, also when a server-side read or edit holds it at that moment: both
// people clicking "Versies" while a page loader reads the document must not lose that version.

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** The core on a real SQLite file, with a store whose writes can be held back, and recorders of who left. */
async function core() {
  const database = await openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "koers-last-left-")), "k.sqlite"));
  let gate: Promise<void> | null = null;
  let writing: () => void = () => {};
  const store: DocStore = {
    load: (name) => database.docStore.load(name),
    appendBatch: async (writes) => {
      writing();
      if (gate) await gate;
      return database.docStore.appendBatch(writes);
    },
    compact: (name, compaction) => database.docStore.compact(name, compaction),
    close: () => database.docStore.close(),
  };
  const lastLeft: string[] = [];
  const disconnects: string[] = [];
  const extensions: CollabExtension[] = [
    { name: "anyone", onAuthenticate: async () => ({ ok: true, identity: identityOf({ id: "u1", name: "Iemand" }, "aios"), sessionKey: "s1" }) },
    { name: "recorder", onLastLeft: (document) => void lastLeft.push(document.name), onDisconnect: (connection) => void disconnects.push(connection.docName) },
  ];
  const collab = new CollabServer({ store, extensions });
  const server = http.createServer();
  server.on("upgrade", (req, socket, head) => void collab.handleUpgrade(req, socket, head, req.url!.slice("/yjs/".length)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  cleanup.push(async () => {
    await collab.close();
    await new Promise((resolve) => server.close(resolve));
    await database.close();
  });
  /** Holds every write back until the returned function is called; resolves `entered` once one waits. */
  const holdWrites = () => {
    let open!: () => void;
    gate = new Promise<void>((resolve) => (open = resolve));
    const entered = new Promise<void>((resolve) => (writing = resolve));
    return {
      entered,
      release: () => {
        gate = null;
        open();
      },
    };
  };
  return { collab, port, lastLeft, disconnects, holdWrites };
}

function client(port: number, docName: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/yjs`, docName, doc, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true });
  cleanup.push(async () => (provider.destroy(), doc.destroy()));
  return { doc, provider, synced: new Promise<void>((resolve) => provider.once("sync", () => resolve())) };
}

describe("the last person leaving", () => {
  it("runs the last-left hooks once nobody is connected", async () => {
    const { port, lastLeft } = await core();
    const person = client(port, "doc");
    await person.synced;
    person.doc.getText("notes").insert(0, "eerste ");
    person.provider.destroy();
    await eventually(() => expect(lastLeft).toEqual(["doc"]));
  });

  it("runs them too when a server-side read holds the document as the last person leaves", async () => {
    const { collab, port, lastLeft, disconnects, holdWrites } = await core();
    const person = client(port, "doc");
    await person.synced;
    const writes = holdWrites();
    person.doc.getText("notes").insert(0, "eerste ");
    await writes.entered; // the change is being stored
    const read = collab.readDocument("doc", (doc) => doc.getText("notes").toString()); // waits for that store
    person.provider.destroy();
    await eventually(() => expect(disconnects).toEqual(["doc"]));
    expect(lastLeft).toEqual([]);
    writes.release();
    expect(await read).toBe("eerste ");
    await eventually(() => expect(lastLeft).toEqual(["doc"]));
  });
});
