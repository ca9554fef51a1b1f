import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { startKoersServer, type KoersServer } from "../../server/koers-server";
import { YJS_PATH } from "../../app/collab/protocol";

/** A fresh temp folder with a path for a SQLite file in it. */
export function tempDatabasePath(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "koers-test-")), "koers.sqlite");
}

/** Starts the real server on port 0 (no Remix pages) with the given SQLite file. */
export function startTestServer(databasePath = tempDatabasePath()): Promise<KoersServer> {
  return startKoersServer({ port: 0, host: "127.0.0.1", databasePath, remix: "none" });
}

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves once the first sync with the server has completed. */
  synced: Promise<void>;
  destroy(): void;
}

/** A standard y-websocket client (the package's WebsocketProvider over `ws`). */
export function connectClient(server: KoersServer, docName: string): TestClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}${YJS_PATH}`, docName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: false,
  });
  const synced = new Promise<void>((resolve) => {
    provider.once("sync", (isSynced: boolean) => isSynced && resolve());
  });
  provider.connect();
  return {
    doc,
    provider,
    synced,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Polls until `check` passes or the timeout ends (then throws its last error). */
export async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
