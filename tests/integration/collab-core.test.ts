import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import WebSocket from "ws";
import type { KoersDatabase } from "../../db/database";
import { openTestDatabase, tempDatabase } from "../support/test-database";
import { CollabServer } from "../../server/collab/collab-server";
import type { CollabExtension } from "../../server/collab/extension";
import { identityOf } from "../../app/live/identity";
import { eventually } from "../support/test-server";

// The core alone (issue #14): the y-websocket protocol, persistence and the hook contract,
// with none of Koers's extensions: any document name, one made-up account.

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** The core on its own http server, with `extensions` and a real database (this run's). */
async function startCore(extensions: CollabExtension[], databasePath = tempDatabase()) {
  const database: KoersDatabase = await openTestDatabase(databasePath);
  const collab = new CollabServer({ store: database.docStore, extensions });
  const server = http.createServer();
  server.on("upgrade", (req, socket, head) => void collab.handleUpgrade(req, socket, head, req.url!.slice("/yjs/".length)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await collab.close();
    await new Promise((resolve) => server.close(resolve));
    await database.close();
  };
  cleanup.push(stop);
  return { collab, port, databasePath, stop };
}

const anyone: CollabExtension = {
  name: "anyone",
  onAuthenticate: async () => ({ ok: true, identity: identityOf({ id: "u1", name: "Iemand" }, "aios"), sessionKey: "s1" }),
};

function provider(port: number, docName: string) {
  const doc = new Y.Doc();
  const p = new WebsocketProvider(`ws://127.0.0.1:${port}/yjs`, docName, doc, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true });
  cleanup.push(async () => (p.destroy(), doc.destroy()));
  return { doc, p, synced: new Promise<void>((resolve) => p.once("sync", () => resolve())) };
}

describe("the collaboration core", () => {
  it("serves any y-websocket client and stores its text, knowing nothing of meetings", async () => {
    const first = await startCore([anyone]);
    const a = provider(first.port, "any name at all");
    await a.synced;
    a.doc.getText("t").insert(0, "bewaard");
    const b = provider(first.port, "any name at all");
    await eventually(() => expect(b.doc.getText("t").toString()).toBe("bewaard"));
    a.p.destroy();
    b.p.destroy();
    await first.stop();
    const second = await startCore([anyone], first.databasePath);
    const c = provider(second.port, "any name at all");
    await c.synced;
    expect(c.doc.getText("t").toString()).toBe("bewaard");
  });

  it("refuses an upgrade no extension authenticates", async () => {
    const { port } = await startCore([]);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/yjs/doc`);
    const status = await new Promise<number>((resolve) => ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(401);
  });

  it("calls the hooks in their order, each once where it should", async () => {
    const calls: string[] = [];
    const log = (name: string) => () => void calls.push(name);
    const recorder: CollabExtension = {
      name: "recorder",
      onConfigure: log("onConfigure"),
      onConnect: () => void calls.push("onConnect"),
      onLoadDocument: log("onLoadDocument"),
      connected: log("connected"),
      beforeApplyUpdate: log("beforeApplyUpdate"),
      afterApplyUpdate: log("afterApplyUpdate"),
      afterStore: (change) => void calls.push(`afterStore:${change.kind}:${change.changed}`),
      onDisconnect: log("onDisconnect"),
      onLastLeft: log("onLastLeft"),
      beforeUnloadDocument: (_doc, intact) => void calls.push(`beforeUnloadDocument:${intact}`),
      onDestroy: log("onDestroy"),
    };
    const core = await startCore([anyone, recorder]);
    const a = provider(core.port, "doc");
    await a.synced;
    // The client's empty sync step 2 is confirmed once what it builds on is stored: wait for it, so the order below is fixed.
    await eventually(() => expect(calls).toContain("afterStore:syncStep2:false"));
    a.doc.getText("t").insert(0, "x");
    await eventually(() => expect(calls).toContain("afterStore:update:true"));
    a.p.destroy();
    await eventually(() => expect(calls).toContain("beforeUnloadDocument:true"));
    await core.collab.editDocument("doc", (doc) => doc.getText("t").insert(0, "server "));
    await core.stop();
    expect(calls).toEqual([
      "onConfigure",
      "onConnect",
      "onLoadDocument",
      "connected",
      "beforeApplyUpdate", // the client's sync step 2 (nothing new: confirmed, not stored)
      "afterApplyUpdate",
      "afterStore:syncStep2:false",
      "beforeApplyUpdate",
      "afterApplyUpdate",
      "afterStore:update:true",
      "onDisconnect",
      "onLastLeft",
      "beforeUnloadDocument:true",
      "onLoadDocument", // loaded again for the server's edit, unloaded after it
      "afterStore:serverEdit:true",
      "beforeUnloadDocument:true",
      "onDestroy",
    ]);
  });
});
