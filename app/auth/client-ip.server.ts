import type { AppLoadContext } from "@remix-run/node";

/**
 * The address used for rate limiting: the TCP peer. Behind a reverse proxy, set
 * TRUST_PROXY=true so the proxy's X-Forwarded-For is used instead; without that a
 * client could choose its own "IP" by sending the header.
 */
export function clientIp(request: Request, context: AppLoadContext): string {
  if (context.services.trustProxy) {
    const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return context.clientAddress ?? "unknown";
}
