import crypto from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { RequestHandler } from "express";

/**
 * True when a request comes from this site, or from no browser page at all (no Origin
 * header: curl, server-to-server). A browser always sends Origin on POST and on
 * websocket handshakes, so a page on another site is refused here. "This site" is the
 * whole origin, scheme included: a page on http://koers.example (anyone on the network
 * can forge one) may not post to https://koers.example.
 */
export function isSameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).origin === new URL(`${requestScheme(req)}://${req.headers.host}`).origin;
  } catch {
    return false;
  }
}

/**
 * The scheme the browser used: https on a TLS socket; behind a TLS-terminating proxy, the
 * first X-Forwarded-Proto (the proxy must set it, as it must pass Host on). That header is
 * believed even without TRUST_PROXY: a page on another site cannot add it to a form post or
 * a websocket handshake, so it cannot help a cross-site request through; a client that can
 * set it (curl) can set Origin too and is stopped by the session cookie, not by this check.
 */
function requestScheme(req: IncomingMessage): "http" | "https" {
  if ((req.socket as { encrypted?: boolean }).encrypted) return "https";
  const forwarded = req.headers["x-forwarded-proto"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim().toLowerCase();
  return first === "https" ? "https" : "http";
}

/** Refuses state-changing requests (anything but GET/HEAD/OPTIONS) from another site's page. */
export const refuseCrossOriginMutations: RequestHandler = (req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS" || isSameOrigin(req)) return next();
  res.status(403).type("text/plain").send("Verzoek van een andere website geweigerd (cross-origin).");
};

/**
 * Security headers on every response. The Content-Security-Policy allows scripts only
 * from this site plus those carrying this response's nonce (Remix's inline hydration
 * data); in development Vite's own inline scripts need it off.
 */
export function securityHeaders(options: { contentSecurityPolicy: boolean }): RequestHandler {
  return (_req, res, next) => {
    const nonce = crypto.randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    if (options.contentSecurityPolicy) {
      res.setHeader(
        "Content-Security-Policy",
        [
          "default-src 'self'",
          `script-src 'self' 'nonce-${nonce}'`,
          // Tiptap's carets and React style props set inline styles.
          "style-src 'self' 'unsafe-inline'",
          "img-src 'self' data:",
          "connect-src 'self'",
          "font-src 'self'",
          "object-src 'none'",
          "base-uri 'self'",
          "form-action 'self'",
          "frame-ancestors 'none'",
        ].join("; "),
      );
    }
    next();
  };
}
