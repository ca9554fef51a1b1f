import crypto from "node:crypto";

/** A random secret for a cookie or link (256 bits, base64url). */
export function newToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

/** What is stored instead of a token: its SHA-256, so the database alone grants nothing. */
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("base64url");
}

/** A random id for a row (users, pairs, meetings). */
export function newId(): string {
  return crypto.randomUUID();
}
