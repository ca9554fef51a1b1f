import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { CollabExtension } from "../../server/collab/extension";
import { anyone, collabCoreHarness } from "../support/collab-core";
import { eventually } from "../support/test-server";

// The core alone (issue #14): the y-websocket protocol, persistence and the hook contract,
// with none of Koers's extensions: any document name, one made-up account.

const { startCore, client: provider } = collabCoreHarness();

describe("the collaboration core", () => {
  it("serves any y-websocket client and stores its text, knowing nothing of meetings", async () => {
    const first = await startCore([anyone]);
    const a = provider(first.port, "any name at all");
    await a.synced;
    a.doc.getText("t").insert(0, "bewaard");
    const b = provider(first.port, "any name at all");
    await eventually(() => expect(b.doc.getText("t").toString()).toBe("bewaard"));
    a.provider.destroy();
    b.provider.destroy();
    await first.stop();
    const second = await startCore([anyone], { databasePath: first.databasePath });
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
    a.provider.destroy();
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
