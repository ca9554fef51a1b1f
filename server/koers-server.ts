import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { openDatabase, isDatabaseReachable } from "../db/database";
import { CollabServer } from "./collab/collab-server";
import type { MessageRateLimit } from "./collab/message-rate";
import { createLiveServer } from "./live/live-server";
import { disconnectSessions, liveNotifier } from "./live/notifier";
import { AgreementIndexer } from "./agreements/agreement-indexer";
import { Snapshotter } from "./history/snapshotter";
import { ReadOnlyMeetings } from "./history/read-only-meetings";
import { listConfirmedMeetingIds } from "../db/reports";
import { routeUpgrades, type DocumentAuthorizer } from "./upgrade-router";
import { createSessionCookie, sessionFromCookieHeader, type CookieSecurity } from "../app/auth/session.server";
import { documentAccess } from "../app/auth/access.server";
import { identityOf } from "../app/live/identity";
import type { AppServices } from "../app/services.server";
import { mountRemix, type RemixMode } from "./remix-handler";
import { logger } from "./logger";
import { refuseCrossOriginMutations, securityHeaders } from "./request-guards";
import { limitRequestBodies } from "./body-limit";
import { compressResponses } from "./compress-responses";

export interface KoersServerOptions {
  port: number;
  host?: string;
  databasePath: string;
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
  /** Interval of the history snapshots of documents being edited (default 10 minutes; tests shorten it). */
  snapshotIntervalMs?: number;
  /** Events per socket.io connection before they are refused (tests that script bursts raise it). */
  liveEventBudget?: import("./live/event-budget").EventBudget;
}

export interface KoersServer {
  url: string;
  port: number;
  collab: CollabServer;
  /** The same services the pages use (database, session cookie): tests seed accounts through them. */
  services: AppServices;
  /** Stops accepting, closes every connection, flushes and closes the database. */
  close(): Promise<void>;
}

/** Starts the whole app on one port: Remix pages, `/yjs/<doc>`, socket.io and `/healthz`. */
export async function startKoersServer(options: KoersServerOptions): Promise<KoersServer> {
  const database = await openDatabase(options.databasePath);
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  app.use(securityHeaders({ contentSecurityPolicy: options.remix !== "development" }));
  app.use(refuseCrossOriginMutations);
  app.use(limitRequestBodies(), compressResponses());

  app.get("/healthz", (_req, res) => {
    const ok = isDatabaseReachable(database.sqlite);
    res.status(ok ? 200 : 503).json({ ok });
  });

  const sessionCookie = createSessionCookie(options.sessionSecret ?? crypto.randomBytes(32).toString("base64url"));
  const cookieServices = { db: database.db, sessionCookie };
  const sessionFrom = (cookieHeader: string | undefined) => sessionFromCookieHeader(cookieServices, cookieHeader);

  let notifyAgreementsChanged = (_pairId: string, _meetingId: string) => {};
  const agreements = new AgreementIndexer(database.sqlite, (pairId, meetingId) => notifyAgreementsChanged(pairId, meetingId));
  const readOnly = new ReadOnlyMeetings(listConfirmedMeetingIds(database.sqlite));
  const snapshotter: Snapshotter = new Snapshotter({
    sqlite: database.sqlite,
    readDocument: (docName, read) => collab.readDocument(docName, read),
    intervalMs: options.snapshotIntervalMs,
  });
  const collab = new CollabServer({
    sqlite: database.sqlite,
    messageRate: options.yjsMessageRate,
    onDocumentChanged: (docName, doc) => {
      agreements.changed(docName, doc);
      snapshotter.changed(docName, doc);
    },
    onDocumentUnloading: (docName, _doc, intact) => {
      if (intact) agreements.flush(docName);
      else agreements.forget(docName);
      snapshotter.unloading(docName);
    },
    onLastLeft: (docName, doc) => snapshotter.lastLeft(docName, doc),
    isReadOnly: (docName) => readOnly.isReadOnlyDocument(docName),
  });
  const io = createLiveServer(httpServer, {
    db: database.db,
    sessionFrom,
    eventBudget: options.liveEventBudget,
    // Ended by the aios: the document as it stood at the end is kept in history.
    onMeetingEnded: (meetingId, userId) => {
      try {
        snapshotter.take(meetingId, "meetingEnded", { userId });
      } catch (error) {
        logger.error(`the end-of-meeting snapshot of ${meetingId} failed`, error);
      }
    },
  });
  const live = liveNotifier(io);
  notifyAgreementsChanged = (pairId, meetingId) => {
    live.pairChanged(pairId);
    live.meetingChanged(meetingId);
  };
  const services: AppServices = {
    ...cookieServices,
    cookieSecurity: options.cookieSecurity ?? "never",
    trustProxy: options.trustProxy ?? false,
    sqlite: database.sqlite,
    live,
    editDocument: (docName, edit) => collab.editDocument(docName, edit),
    readDocument: (docName, read) => collab.readDocument(docName, read),
    takeSnapshot: (meetingId, reason, snapshotOptions) => snapshotter.take(meetingId, reason, snapshotOptions),
    isMeetingReadOnly: (meetingId) => readOnly.has(meetingId),
    setMeetingReadOnly: (meetingId, value) => readOnly.set(meetingId, value),
    closeSessions: (which) => {
      collab.closeSessions(which);
      disconnectSessions(io, which);
    },
  };

  const authorize: DocumentAuthorizer = async (req, docName) => {
    const session = await sessionFrom(req.headers.cookie);
    if (!session) return { ok: false, status: 401 };
    const access = await documentAccess(database.db, session.user.id, docName);
    return access.ok ? { ok: true, identity: identityOf(session.user, access.role), sessionKey: session.sessionKey } : access;
  };
  routeUpgrades(httpServer, { collab, authorize, allowViteHmr: options.remix === "development" });
  const stopRemix = await mountRemix(app, options.remix, httpServer, services);

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, options.host ?? "0.0.0.0", () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await collab.close();
      snapshotter.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      httpServer.closeIdleConnections();
      setTimeout(() => httpServer.closeAllConnections(), 1000).unref();
      await stopped;
      await stopRemix();
      await database.close();
      logger.info("Koers stopped; database closed");
    })());

  return { url: `http://localhost:${port}`, port, collab, services, close };
}
