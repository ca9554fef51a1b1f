import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import WebSocket from "ws";
import type { KoersDatabase } from "../../db/database";
import type { DocStore } from "../../db/doc-store";
import { CollabServer } from "../../server/collab/collab-server";
import type { CollabExtension } from "../../server/collab/extension";
import { identityOf } from "../../app/live/identity";
import { openTestDatabase, tempDatabase } from "./test-database";

// The collaboration core alone, for tests of the core: its own http server on port 0, a real
// database of this run (SQLite file, or PostgreSQL in the postgres project), real y-websocket
// clients. Koers's extensions are left out unless a test passes them.

/** Lets anybody in as one made-up aios: the core's tests are not about access. */
export const anyone: CollabExtension = {
  name: "anyone",
  onAuthenticate: async () => ({ ok: true, identity: identityOf({ id: "u1", name: "Iemand" }, "aios"), sessionKey: "s1" }),
};

/**
 * Registers the clean-up of everything started in a test (after each test, newest first) and
 * returns the two things a core test starts: the core, and y-websocket clients of it.
 */
export function collabCoreHarness() {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  /** The core with `extensions` on a real database; `store` wraps the database's DocStore (to hold writes back, say). */
  async function startCore(extensions: CollabExtension[], options: { databasePath?: string; store?: (inner: DocStore) => DocStore } = {}) {
    const databasePath = options.databasePath ?? tempDatabase();
    const database: KoersDatabase = await openTestDatabase(databasePath);
    const collab = new CollabServer({ store: options.store ? options.store(database.docStore) : database.docStore, extensions });
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
    return { collab, port, database, databasePath, stop };
  }

  /** A y-websocket client (WebsocketProvider, as the browser has it) of document `docName`. */
  function client(port: number, docName: string) {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/yjs`, docName, doc, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true });
    cleanup.push(async () => (provider.destroy(), doc.destroy()));
    return { doc, provider, synced: new Promise<void>((resolve) => provider.once("sync", () => resolve())) };
  }

  return { startCore, client };
}
