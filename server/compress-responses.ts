import compression from "compression";
import type { RequestHandler } from "express";
import { YJS_PATH } from "../app/collab/protocol";

/**
 * Compresses what pages are made of (HTML, JS, CSS, JSON of loaders; brotli when the browser
 * offers it, else gzip) with the `compression` middleware. The live channels are left alone:
 * /yjs and socket.io are upgraded websockets that never pass through express, and the
 * paths are excluded here as well so a polling fallback or a refused upgrade is not delayed
 * by a compressor waiting for more bytes. Tiny answers (< 1 KB) go as they are.
 */
export function compressResponses(): RequestHandler {
  return compression({
    filter: (req, res) => {
      const path = req.path ?? "";
      if (path.startsWith(`${YJS_PATH}/`) || path.startsWith("/socket.io/")) return false;
      return compression.filter(req, res);
    },
  });
}
