import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { startKoersServer, type KoersServer, type KoersServerOptions } from "../../server/koers-server";
import { YJS_PATH } from "../../app/collab/protocol";
import type { Role } from "../../db/schema";
import { memberCookie, seedTestPair } from "./test-access";

/** A fresh temp folder with a path for a SQLite file in it. */
export function tempDatabasePath(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "koers-test-")), "koers.sqlite");
}

/**
 * For tests that write hundreds of updates in one synchronous loop (compaction): a script,
 * not a person, so the /yjs flood limit would close it.
 */
export const SCRIPTED_BURST_RATE = { burst: 10_000, perSecond: 100 };

/** The socket.io counterpart, for tests that send hundreds of events in a loop (the garbage test). */
export const SCRIPTED_EVENT_BUDGET = { burst: 100_000, perSecond: 1000, disconnectAfterRefused: 100_000 };

/** Fixed, so session cookies stay valid when a test restarts the server on the same file. */
export const TEST_SESSION_SECRET = "koers-test-session-secret-0123456789abcdef";

/** Starts the real server on port 0 (no Remix pages) with the given SQLite file, and seeds the test pair. */
export async function startTestServer(databasePath = tempDatabasePath(), port = 0, options: Pick<KoersServerOptions, "yjsMessageRate" | "yjsLimits" | "snapshotIntervalMs" | "livenessIntervalMs" | "liveEventBudget" | "redisUrl"> = {}): Promise<KoersServer> {
  const server = await startKoersServer({ port, host: "127.0.0.1", databasePath, remix: "none", sessionSecret: TEST_SESSION_SECRET, ...options });
  await seedTestPair(server);
  return server;
}

/**
 * Starts the real server with its pages (the production build in build/, which npm test
 * makes before Vitest runs) on port 0 and a fresh SQLite file, for tests of loaders and actions.
 */
export function startPageServer(): Promise<KoersServer> {
  return startKoersServer({ port: 0, host: "127.0.0.1", databasePath: tempDatabasePath(), remix: "production", sessionSecret: TEST_SESSION_SECRET });
}

/** A raw websocket to a document, as a member of the test pair (for hand-made messages). */
export function yjsSocket(server: KoersServer, docName: string, role: Role = "aios"): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${server.port}${YJS_PATH}/${docName}`, { headers: { Cookie: memberCookie(server, docName, role) } });
}

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves once the first sync with the server has completed. */
  synced: Promise<void>;
  destroy(): void;
}

/** A standard y-websocket client (the package's WebsocketProvider over `ws`). */
export function connectClient(server: KoersServer, docName: string, role: Role = "aios"): TestClient {
  const doc = new Y.Doc();
  const cookie = memberCookie(server, docName, role);
  const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}${YJS_PATH}`, docName, doc, {
    WebSocketPolyfill: withHeaders({ Cookie: cookie }),
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

/** The `ws` WebSocket with fixed request headers (the session cookie), as a WebSocketPolyfill. */
export function withHeaders(headers: Record<string, string>): typeof globalThis.WebSocket {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  } as unknown as typeof globalThis.WebSocket;
}

/** Polls until `check` passes (it may be async) or the timeout ends (then throws its last error). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
