import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import { logger } from "./logger";
import { tooLargePage } from "./too-large-page";

/**
 * The largest request body Koers reads: 1 MB. Every form is a few kilobytes (the longest is a
 * report comment); nothing uploads files yet. A route that one day needs more gets its own,
 * larger limit here, by path, and nowhere else.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/** What the request handler after this middleware finds: the whole body, already read and within the limit. */
export interface BufferedBody {
  bodyBuffer?: Buffer;
}

/**
 * Reads every request body before anything else sees it, up to `maxBytes`, and answers 413
 * (a short page in the visitor's language) once it is larger: at once when Content-Length
 * says so, and as soon as a streamed body without one passes the limit. The rest of an
 * oversized body is never read: the connection is closed after the answer, so a 200 MB POST
 * costs at most `maxBytes` of memory and no parsing. Remix then gets the buffered body
 * (server/remix-handler.ts) and never reads from the socket itself.
 */
export function limitRequestBodies(maxBytes = MAX_BODY_BYTES): RequestHandler {
  return (req, res, next) => {
    const declared = req.headers["content-length"];
    const chunked = req.headers["transfer-encoding"] !== undefined;
    if (declared === undefined && !chunked) return next();
    if (declared !== undefined && Number(declared) > maxBytes) return refuseTooLarge(req, res, `Content-Length ${declared}`);

    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) {
        stopReading();
        refuseTooLarge(req, res, `a streamed body past ${maxBytes} bytes`);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stopReading();
      (req as IncomingMessage & BufferedBody).bodyBuffer = Buffer.concat(chunks, received);
      next();
    };
    const onError = () => stopReading(); // the client went away: nothing to answer
    const stopReading = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  };
}

/**
 * 413 with `Connection: close`, then the socket is closed shortly after the answer went out
 * (without reading what is still coming, so a sender that keeps pushing is stopped by TCP).
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, what: string): void {
  req.pause();
  logger.warn(`request body too large: ${what} on ${req.method} ${req.url?.slice(0, 200)} from ${req.socket.remoteAddress}`);
  if (res.headersSent) return void req.socket.destroy();
  const page = tooLargePage(req.headers.cookie ?? null, MAX_BODY_BYTES);
  res.statusCode = 413;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(page));
  res.setHeader("Connection", "close");
  res.setHeader("Cache-Control", "no-store");
  // A short grace period lets the answer reach the client before the unread rest resets the connection.
  res.end(page, () => setTimeout(() => req.socket.destroy(), 100).unref());
}
