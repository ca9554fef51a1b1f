import { createCookie } from "@remix-run/node";

/** A year: long enough that the owner's own browsers stay trusted between training periods. */
const DEVICE_COOKIE_DAYS = 365;

/**
 * The device cookie: a random token that marks this browser as one that logged into an
 * account before (trusted_devices holds its hash per account). Not signed: the token is
 * unguessable and only its hash is stored, as with sessions. HttpOnly, SameSite=Lax.
 */
export const deviceCookie = createCookie("koers_device", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  maxAge: DEVICE_COOKIE_DAYS * 24 * 3600,
});

/** This browser's device token, or null. */
export async function deviceTokenOf(request: Request): Promise<string | null> {
  const value: unknown = await deviceCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

/** The Set-Cookie header that keeps `token` in this browser (Secure as the session cookie is). */
export function deviceCookieHeader(token: string, secure: boolean): Promise<string> {
  return deviceCookie.serialize(token, { secure });
}
