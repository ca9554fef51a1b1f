import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Duplex } from "node:stream";
import { YJS_PATH } from "../app/collab/protocol";
import { refuseUpgrade, type CollabServer } from "./collab/collab-server";
import { isSameOrigin } from "./request-guards";

export interface UpgradeRouterOptions {
  collab: CollabServer;
  /** In development, Vite's HMR websocket shares the port; its own listener takes those upgrades. */
  allowViteHmr: boolean;
}

/**
 * The one place that decides who gets a websocket upgrade: `/yjs/<doc>` goes to the
 * collaboration server, whose session-access extension checks the session and the pair
 * before the upgrade completes; `/socket.io/` to socket.io's own listener (which checks
 * the session itself); anything else is refused. A page on another site is refused first.
 */
export function routeUpgrades(httpServer: HttpServer, { collab, allowViteHmr }: UpgradeRouterOptions): void {
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
      void collab.handleUpgrade(req, socket, head, docName);
      return;
    }
    if (allowViteHmr && req.headers["sec-websocket-protocol"] === "vite-hmr") return;
    refuseUpgrade(socket, 404, "Not Found");
  });
}
