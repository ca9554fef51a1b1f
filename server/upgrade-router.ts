import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Duplex } from "node:stream";
import { YJS_PATH } from "../app/collab/protocol";
import type { Identity } from "../app/live/identity";
import { refuseUpgrade, type CollabServer } from "./collab/collab-server";
import { isSameOrigin } from "./request-guards";
import { logger } from "./logger";

/** Who may open a document: their identity, or the HTTP status that refuses the upgrade. */
export type DocumentAuthorizer = (
  req: IncomingMessage,
  docName: string,
) => Promise<{ ok: true; identity: Identity; sessionKey: string } | { ok: false; status: 401 | 403 | 404 }>;

export interface UpgradeRouterOptions {
  collab: CollabServer;
  authorize: DocumentAuthorizer;
  /** In development, Vite's HMR websocket shares the port; its own listener takes those upgrades. */
  allowViteHmr: boolean;
}

const STATUS_TEXT = { 401: "Unauthorized", 403: "Forbidden", 404: "Not Found" } as const;

/**
 * The one place that decides who gets a websocket upgrade: `/yjs/<doc>` goes to the
 * collaboration server once the session and the pair allow it, `/socket.io/` to
 * socket.io's own listener (which checks the session itself); anything else is refused.
 */
export function routeUpgrades(httpServer: HttpServer, { collab, authorize, allowViteHmr }: UpgradeRouterOptions): void {
  httpServer.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (pathname.startsWith("/socket.io/")) return; // engine.io's upgrade listener handles it (its allowRequest checks Origin)
    // A page on another site must not open a websocket with this site's cookies.
    if (!isSameOrigin(req)) return refuseUpgrade(socket, 403, "Forbidden");
    if (pathname.startsWith(`${YJS_PATH}/`)) {
      let docName: string;
      try {
        docName = decodeURIComponent(pathname.slice(YJS_PATH.length + 1));
      } catch {
        return refuseUpgrade(socket, 400, "Bad Request");
      }
      // Refused before the upgrade completes: not one byte of the document leaves the server.
      authorize(req, docName).then(
        (access) => {
          if (socket.destroyed) return;
          if (!access.ok) return refuseUpgrade(socket, access.status, STATUS_TEXT[access.status]);
          collab.handleUpgrade(req, socket, head, docName, access.identity, access.sessionKey);
        },
        (error: unknown) => {
          logger.error("could not check access to a document", error);
          refuseUpgrade(socket, 503, "Service Unavailable");
        },
      );
      return;
    }
    if (allowViteHmr && req.headers["sec-websocket-protocol"] === "vite-hmr") return;
    refuseUpgrade(socket, 404, "Not Found");
  });
}
