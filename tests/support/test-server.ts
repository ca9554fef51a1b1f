import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { startKoersServer, type KoersServer, type KoersServerOptions } from "../../server/koers-server";
import { YJS_PATH } from "../../app/collab/protocol";
import type { Role } from "../../db/schema";
import { memberCookie, seedMeeting, seedTestPair } from "./test-access";
import { prepareTestDatabase, tempDatabase } from "./test-database";

export { tempDatabase } from "./test-database";

/**
 * For tests that write hundreds of updates in one synchronous loop (compaction): a script,
 * not a person, so the /yjs flood limit would close it.
 */
export const SCRIPTED_BURST_RATE = { burst: 10_000, perSecond: 100 };

/** The socket.io counterpart, for tests that send hundreds of events in a loop (the garbage test). */
export const SCRIPTED_EVENT_BUDGET = { burst: 100_000, perSecond: 1000, disconnectAfterRefused: 100_000 };

/** Fixed, so session cookies stay valid when a test restarts the server on the same file. */
export const TEST_SESSION_SECRET = "koers-test-session-secret-0123456789abcdef";

/**
 * Starts the real server on port 0 (no Remix pages) on the given test database (a fresh one
 * by default; tempDatabase()), and seeds the test pair.
 */
export async function startTestServer(database = tempDatabase(), port = 0, options: Pick<KoersServerOptions, "yjsMessageRate" | "yjsLimits" | "snapshotIntervalMs" | "livenessIntervalMs" | "liveEventBudget" | "redisUrl"> = {}): Promise<KoersServer> {
  const server = await startTestKoers({ port, database, remix: "none", ...options });
  await seedTestPair(server);
  return server;
}

/**
 * Starts the real server with its pages (the production build in build/, which npm test
 * makes before Vitest runs) on port 0 and a fresh test database, for tests of loaders and actions.
 */
export function startPageServer(): Promise<KoersServer> {
  return startTestKoers({ remix: "production" });
}

/** startKoersServer on 127.0.0.1 with the test session secret and a test database (created when needed; a fresh one by default). */
export async function startTestKoers(options: Partial<KoersServerOptions> & Pick<KoersServerOptions, "remix">): Promise<KoersServer> {
  const database = options.database ?? tempDatabase();
  await prepareTestDatabase(database);
  return startKoersServer({ port: 0, host: "127.0.0.1", sessionSecret: TEST_SESSION_SECRET, ...options, database });
}

/** A raw websocket to a document, as a member of the test pair (for hand-made messages); its meeting exists first. */
export async function yjsSocket(server: KoersServer, docName: string, role: Role = "aios"): Promise<WebSocket> {
  await seedMeeting(server, docName);
  return new WebSocket(`ws://127.0.0.1:${server.port}${YJS_PATH}/${docName}`, { headers: { Cookie: memberCookie(server, docName, role) } });
}

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves once the first sync with the server has completed. */
  synced: Promise<void>;
  destroy(): void;
}

/** A standard y-websocket client (the package's WebsocketProvider over `ws`); it connects once the document's meeting exists. */
export function connectClient(server: KoersServer, docName: string, role: Role = "aios"): TestClient {
  const doc = new Y.Doc();
  const cookie = memberCookie(server, docName, role, { seeded: false });
  const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}${YJS_PATH}`, docName, doc, {
    WebSocketPolyfill: withHeaders({ Cookie: cookie }),
    disableBc: true,
    connect: false,
  });
  const synced = new Promise<void>((resolve) => {
    provider.once("sync", (isSynced: boolean) => isSynced && resolve());
  });
  let destroyed = false;
  void seedMeeting(server, docName).then(() => destroyed || provider.connect());
  return {
    doc,
    provider,
    synced,
    destroy() {
      destroyed = true;
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
