import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { openDatabase } from "../db/database";
import { CollabServer } from "./collab/collab-server";
import type { CollabExtension } from "./collab/extension";
import type { MessageRateLimit } from "./collab/message-rate";
import { sessionAccess } from "./collab/extensions/session-access";
import { connectionCap, DEFAULT_CONNECTIONS_PER_SESSION } from "./collab/extensions/connection-cap";
import { messageBudget } from "./collab/extensions/message-budget";
import { readOnlyDocuments } from "./collab/extensions/read-only-documents";
import { documentSizeLimit, DEFAULT_MAX_DOCUMENT_BYTES } from "./collab/extensions/document-size-limit";
import { writeBudget, DEFAULT_WRITE_BUDGET, type WriteBudgetLimit } from "./collab/extensions/write-budget";
import { roleRules } from "./collab/extensions/role-rules";
import { ClientIdOwnership } from "./collab/extensions/client-id-ownership";
import { awarenessIdentity } from "./collab/extensions/awareness-identity";
import { savedConfirmations } from "./collab/extensions/saved-confirmations";
import { createLiveServer } from "./live/live-server";
import { disconnectSessions, liveNotifier, openSocketSessions } from "./live/notifier";
import { findLiveSessionHashes } from "../db/sessions";
import { AgreementIndexer } from "./agreements/agreement-indexer";
import { Snapshotter } from "./history/snapshotter";
import { ReadOnlyMeetings } from "./history/read-only-meetings";
import { routeUpgrades } from "./upgrade-router";
import { prefillReport } from "../app/reports/reports.server";
import { createSessionCookie, sessionFromCookieHeader, type CookieSecurity } from "../app/auth/session.server";
import type { AppServices } from "../app/services.server";
import { mountRemix, type RemixMode } from "./remix-handler";
import { logger } from "./logger";
import { refuseCrossOriginMutations, securityHeaders } from "./request-guards";
import { createMailSystem, type MailOptions, type MailSystem } from "./mail/mail-system";
import { limitRequestBodies } from "./body-limit";
import { documentAudit } from "./collab/extensions/document-audit";
import { compressResponses } from "./compress-responses";
import { startScaleOut } from "./scale/scale-out";

/** The limits of the /yjs channel (issue #13.5 and "Also"); the defaults never limit a person. */
export interface YjsLimits {
  /** /yjs connections one login session may hold at once. */
  connectionsPerSession: number;
  /** Stored bytes one document may grow to. */
  maxDocumentBytes: number;
  /** Bytes of updates one account may send per window. */
  writeBudget: WriteBudgetLimit;
}

export interface KoersServerOptions {
  port: number;
  host?: string;
  /** The database: a SQLite file's path, or a postgres:// URL (DATABASE_PATH / DATABASE_URL). */
  database: string;
  /** PostgreSQL: connections in the shared pool (DATABASE_POOL_SIZE; default 10). */
  databasePoolSize?: number;
  /** How pages are served: Vite in development, the build in production, not at all in socket-level tests. */
  remix: RemixMode;
  /** Signs session cookies; a random one per start when absent (tests). */
  sessionSecret?: string;
  /** When the session cookie is Secure: "exceptLocalhost" in production (the default there), "never" in tests. */
  cookieSecurity?: CookieSecurity;
  /** Behind a reverse proxy: believe its X-Forwarded-For (default false). */
  trustProxy?: boolean;
  /** Messages per /yjs connection before it is closed (tests that script bursts raise it). */
  yjsMessageRate?: MessageRateLimit;
  /** The other /yjs limits (the benchmark and tests with many connections raise them). */
  yjsLimits?: Partial<YjsLimits>;
  /** Interval of the history snapshots of documents being edited (default 10 minutes; tests shorten it). */
  snapshotIntervalMs?: number;
  /** How often /yjs connections are checked for liveness (tests shorten it). */
  livenessIntervalMs?: number;
  /** Serve GET /__bench/heap (the heap after a full GC; needs node --expose-gc). Only the benchmark turns it on. */
  benchHooks?: boolean;
  /** E-mail (SMTP_URL, MAIL_FROM, APP_URL; timings for tests). Without an SMTP URL mails go to the log. */
  mail?: MailOptions;
  /** Events per socket.io connection before they are refused (tests that script bursts raise it). */
  liveEventBudget?: import("./live/event-budget").EventBudget;
  /** REDIS_URL: several instances share the live work through this Redis (issue #16); unset, everything is this process's own. */
  redisUrl?: string;
}

export interface KoersServer {
  url: string;
  port: number;
  collab: CollabServer;
  /** The same services the pages use (database, session cookie): tests seed accounts through them. */
  services: AppServices;
  /** The mail queue's runner and scheduler (tests tick and drain it). */
  mail: MailSystem;
  /** Stops accepting, closes every connection, flushes and closes the database. */
  close(): Promise<void>;
}

/** Starts the whole app on one port: Remix pages, `/yjs/<doc>`, socket.io and `/healthz`. */
export async function startKoersServer(options: KoersServerOptions): Promise<KoersServer> {
  const database = await openDatabase(options.database, {
    poolSize: options.databasePoolSize,
    onBackgroundError: (message, error) => logger.error(message, error),
  });
  // One process, or several instances sharing Redis (server/scale/scale-out.ts): the pieces below ask it.
  const scale = await startScaleOut(options.redisUrl).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  app.use(securityHeaders({ contentSecurityPolicy: options.remix !== "development" }));
  app.use(refuseCrossOriginMutations);
  app.use(limitRequestBodies(), compressResponses());

  app.get("/healthz", (_req, res) => {
    void database.isReachable().then((ok) => res.status(ok ? 200 : 503).json({ ok }));
  });

  const sessionSecret = options.sessionSecret ?? crypto.randomBytes(32).toString("base64url");
  const sessionCookie = createSessionCookie(sessionSecret);
  const cookieServices = { db: database.db, sessionCookie };
  const sessionFrom = (cookieHeader: string | undefined) => sessionFromCookieHeader(cookieServices, cookieHeader);

  // The collaboration server is one list of extensions (server/collab/extension.ts), in the
  // order their hooks run: who may open a document, the limits, the rules of what may be
  // written, then what happens once a change is stored.
  const limits: YjsLimits = {
    connectionsPerSession: DEFAULT_CONNECTIONS_PER_SESSION,
    maxDocumentBytes: DEFAULT_MAX_DOCUMENT_BYTES,
    writeBudget: DEFAULT_WRITE_BUDGET,
    ...options.yjsLimits,
  };
  const readOnly = new ReadOnlyMeetings(database.db);
  const snapshotter = new Snapshotter(database.db, options.snapshotIntervalMs, scale.snapshotCluster);
  const io = createLiveServer(httpServer, {
    db: database.db,
    sessionFrom,
    eventBudget: options.liveEventBudget,
    cluster: scale.live,
    // Ended by the aios: the document as it stood at the end is kept in history, and the verslag is drafted.
    onMeetingEnded: (meetingId, userId) => {
      snapshotter.take(meetingId, "meetingEnded", { userId }).catch((error: unknown) => logger.error(`the end-of-meeting snapshot of ${meetingId} failed`, error));
      prefillReport(services, meetingId).catch((error: unknown) => logger.error(`the report draft of ${meetingId} failed`, error));
    },
  });
  const live = liveNotifier(io);
  const clientIds = new ClientIdOwnership();
  const extensions: CollabExtension[] = [
    sessionAccess({ db: database.db, sessionFrom }), // the session and the pair decide, before the upgrade (401/403/404)
    connectionCap(limits.connectionsPerSession), // at most 20 /yjs connections per session (429)
    messageBudget(options.yjsMessageRate), // messages per connection (4429)
    documentAudit(database.db), // "Geopend door": who opened which document (when connected), no content
    readOnlyDocuments(readOnly), // a confirmed meeting refuses changes (4423)
    documentSizeLimit(limits.maxDocumentBytes), // bytes per document (4413)
    writeBudget(limits.writeBudget, undefined, scale.sharedWriteBudget(limits.writeBudget)), // bytes per account per minute, over every instance (4430)
    roleRules(), // only the aios writes the verslag, moves and ticks off items; proposers stay (4403)
    clientIds, // structs only under the account's own Yjs client ids (4409); claims new ids, so after the other checks
    awarenessIdentity(clientIds), // presence shows the server-known name; an awareness id stays with its account
    savedConfirmations(), // "Opgeslagen": what is stored, once the batch committed
    new AgreementIndexer(database.db, (pairId, meetingId) => {
      live.pairChanged(pairId);
      live.meetingChanged(meetingId);
    }), // the agreements table in step with the documents
    snapshotter, // history: while edited, last one out, on demand
    ...scale.extensions(clientIds), // several instances: stored updates, awareness and compactions between them (Redis)
  ];
  const collab = new CollabServer({ store: database.docStore, extensions, livenessIntervalMs: options.livenessIntervalMs });

  // E-mail (issue #18): the durable job queue's runner and the reminder scheduler.
  const mail = createMailSystem(options.mail ?? {}, { db: database.db, readDocument: (docName, read) => collab.readDocument(docName, read), sessionSecret });
  const services: AppServices = {
    ...cookieServices,
    cookieSecurity: options.cookieSecurity ?? "never",
    trustProxy: options.trustProxy ?? false,
    dialect: database.dialect,
    accountLimits: scale.accountLimits,
    live,
    editDocument: (docName, edit) => collab.editDocument(docName, edit),
    readDocument: (docName, read) => collab.readDocument(docName, read),
    takeSnapshot: (meetingId, reason, snapshotOptions) => snapshotter.take(meetingId, reason, snapshotOptions),
    isMeetingReadOnly: (meetingId) => readOnly.isReadOnly(meetingId),
    setMeetingReadOnly: (meetingId, value) => readOnly.set(meetingId, value),
    closeSessions: (which) => {
      collab.closeSessions(which);
      disconnectSessions(io, which);
      scale.closeSessionsElsewhere(which);
    },
    mail: mail.services,
  };

  await scale.start({
    collab,
    readOnly,
    disconnectSockets: (which) => disconnectSessions(io, which),
    openSessions: () => new Map([...collab.openSessions(), ...openSocketSessions(io)]),
    liveSessions: (keys) => findLiveSessionHashes(database.db, keys),
  });
  if (options.benchHooks) mountBenchHooks(app);
  routeUpgrades(httpServer, { collab, allowViteHmr: options.remix === "development" });
  const stopRemix = await mountRemix(app, options.remix, httpServer, services);

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, options.host ?? "0.0.0.0", () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  mail.start(`http://localhost:${port}`);

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await mail.close();
      await collab.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await scale.close();
      httpServer.closeIdleConnections();
      setTimeout(() => httpServer.closeAllConnections(), 1000).unref();
      await stopped;
      await stopRemix();
      await database.close();
      logger.info("Koers stopped; database closed");
    })());

  return { url: `http://localhost:${port}`, port, collab, services, mail, close };
}

/** GET /__bench/heap: the heap after a full collection, for the benchmark's open/close check (issue #14). */
function mountBenchHooks(app: express.Express): void {
  app.get("/__bench/heap", (_req, res) => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) return res.status(501).json({ error: "start node with --expose-gc" });
    gc();
    gc();
    res.json({ heapUsedMB: process.memoryUsage().heapUsed / 2 ** 20 });
  });
}
