import { createCookie, redirect, type AppLoadContext, type Cookie } from "@remix-run/node";
import { SESSION_DAYS, endSession, startSession, trustThisDevice, userForSessionToken, type SessionUser } from "./accounts.server";
import { deviceCookieHeader, deviceTokenOf } from "./device-cookie.server";
import { unseenAccountNotices } from "./account-notices.server";
import type { AppServices } from "../services.server";
import { hashToken } from "./tokens.server";

// The session cookie and the one function every channel uses to ask "who is this?":
// Remix loaders and actions, the Yjs upgrade and the socket.io handshake.

export const SESSION_COOKIE_NAME = "koers_session";

/**
 * The session cookie: HttpOnly (scripts cannot read it), SameSite=Lax (other sites'
 * forms and fetches do not carry it), signed with SESSION_SECRET. It carries a random
 * token; the database stores its hash. Whether it is Secure is decided per response
 * (see secureCookieFor).
 */
export function createSessionCookie(secret: string): Cookie {
  return createCookie(SESSION_COOKIE_NAME, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: SESSION_DAYS * 24 * 3600,
    secrets: [secret],
  });
}

/**
 * Secure (HTTPS only) in production, except for a local trial on http://localhost, which
 * some browsers (Safari) would otherwise refuse to log in to. COOKIE_SECURE overrides.
 */
export type CookieSecurity = "always" | "never" | "exceptLocalhost";

export function secureCookieFor(security: CookieSecurity, request: Request): boolean {
  if (security !== "exceptLocalhost") return security === "always";
  const { protocol, hostname } = new URL(request.url);
  return protocol === "https:" || !["localhost", "127.0.0.1", "[::1]"].includes(hostname);
}

/** The session token in a Cookie header, or null (unsigned or tampered cookies read as null). */
export async function sessionTokenFrom(services: Pick<AppServices, "sessionCookie">, cookieHeader: string | null | undefined): Promise<string | null> {
  if (!cookieHeader) return null;
  const value: unknown = await services.sessionCookie.parse(cookieHeader);
  return typeof value === "string" && value.length > 0 ? value : null;
}

/** The logged-in user behind a Cookie header and the key of their session (to close its connections later), or null. */
export async function sessionFromCookieHeader(
  services: Pick<AppServices, "db" | "sessionCookie">,
  cookieHeader: string | null | undefined,
): Promise<{ user: SessionUser; sessionKey: string } | null> {
  const session = await sessionOf(services, cookieHeader);
  return session ? { user: session.user, sessionKey: sessionKey(session.token) } : null;
}

/** The user and token behind a Cookie header: the one lookup every channel's check rests on. */
async function sessionOf(services: Pick<AppServices, "db" | "sessionCookie">, cookieHeader: string | null | undefined): Promise<CurrentSession | null> {
  const token = await sessionTokenFrom(services, cookieHeader);
  const user = await userForSessionToken(services, token);
  return user && token ? { user, token } : null;
}

/** What identifies a session among open connections: the stored hash of its token, never the token. */
export function sessionKey(token: string): string {
  return hashToken(token);
}

export interface CurrentSession {
  user: SessionUser;
  token: string;
}

export function optionalSession(request: Request, context: AppLoadContext): Promise<CurrentSession | null> {
  return sessionOf(context.services, request.headers.get("Cookie"));
}

/** The logged-in user, or a redirect to the login page that comes back here afterwards. */
export async function requireSession(request: Request, context: AppLoadContext): Promise<CurrentSession> {
  const session = await optionalSession(request, context);
  if (session) return session;
  const url = new URL(request.url);
  throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
}

/**
 * After a correct password: starts a session, marks this browser as trusted for the account
 * (its device cookie), and redirects to `to`, by way of the notices page when something
 * happened to the account that the owner should hear about first.
 */
export async function logInAndRedirect(request: Request, context: AppLoadContext, userId: string, to: string): Promise<Response> {
  const { services } = context;
  const token = await startSession(services, userId);
  const deviceToken = await trustThisDevice(services, userId, await deviceTokenOf(request));
  const next = safeNextPath(to, request.url);
  const notices = await unseenAccountNotices(services, userId);
  const secure = secureCookieFor(services.cookieSecurity, request);
  const headers = new Headers();
  headers.append("Set-Cookie", await services.sessionCookie.serialize(token, { secure }));
  headers.append("Set-Cookie", await deviceCookieHeader(deviceToken, secure));
  headers.append("Set-Cookie", await signedUpCookie.serialize("", { maxAge: 0 }));
  return redirect(notices.length > 0 ? `/account/notices?next=${encodeURIComponent(next)}` : next, { headers });
}

/**
 * Set by sign-up for the login page that follows (for ten minutes): the address to fill in and
 * the "almost done" notice. The same whether or not the address had an account.
 */
export const signedUpCookie = createCookie("koers_signed_up", { httpOnly: true, sameSite: "lax", path: "/", maxAge: 600 });

/** Ends the current session (if any), closes its open connections and clears the cookie. */
export async function logOutAndRedirect(request: Request, context: AppLoadContext, to = "/login"): Promise<Response> {
  const session = await optionalSession(request, context);
  if (session) {
    await endSession(context.services, session.token);
    context.services.closeSessions({ userId: session.user.id, onlySession: sessionKey(session.token) });
  }
  return redirect(to, { headers: { "Set-Cookie": await context.services.sessionCookie.serialize("", { maxAge: 0 }) } });
}

/**
 * Where a `next` (or `redirectTo`) parameter may send the browser: a path on this site, or "/".
 * Decided the way the browser will read it, by parsing it against the app's own origin with
 * the URL parser (which drops tabs and newlines and reads `\` as `/`), never by its first
 * characters: `/\t/evil.example`, `/\\evil.example` and `https://evil.example` all lead home.
 * The path handed back must also parse to this origin again (`/.//evil.example` would
 * otherwise come out as `//evil.example`).
 */
export function safeNextPath(next: string | null | undefined, requestUrl: string): string {
  if (!next) return "/";
  const origin = new URL(requestUrl).origin;
  try {
    const target = new URL(next, origin);
    if (target.origin !== origin) return "/";
    const path = `${target.pathname}${target.search}${target.hash}`;
    return new URL(path, origin).origin === origin && !path.startsWith("//") ? path : "/";
  } catch {
    return "/";
  }
}
