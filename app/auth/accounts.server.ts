import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { findUserByEmail, findUserById, insertUser, updatePasswordHash } from "../../db/users";
import { deleteSession, deleteSessionsOfUser, findSessionUser, insertSession } from "../../db/sessions";
import { hashPassword, verifyPassword } from "./password.server";
import { hashToken, newId, newToken } from "./tokens.server";
import { loginLimits } from "./login-rate-limit.server";

/** How long a session lasts without logging in again. */
export const SESSION_DAYS = 30;

/** A reason an account action was refused; each has a Dutch message in i18n (auth.errors.*). */
export type AccountProblem = "emailTaken" | "wrongCredentials" | "tooManyAttempts" | "wrongCurrentPassword";

export class AccountError extends Error {
  constructor(
    readonly problem: AccountProblem,
    readonly retryAfterMs = 0,
  ) {
    super(`account action refused: ${problem}`);
  }
}

export interface SessionUser {
  id: string;
  name: string;
  email: string;
}

/** Creates an account and returns its id; throws AccountError("emailTaken") for a used address. */
export async function signUp(db: Kysely<Database>, input: { name: string; email: string; password: string }): Promise<string> {
  if (await findUserByEmail(db, input.email)) throw new AccountError("emailTaken");
  const id = newId();
  await insertUser(db, { id, name: input.name.trim(), email: input.email, password_hash: await hashPassword(input.password) });
  return id;
}

/**
 * Checks e-mail and password, limited per account and per IP. The same error for an
 * unknown address and a wrong password, so the form does not reveal who has an account.
 */
export async function logIn(db: Kysely<Database>, input: { email: string; password: string; ip: string }): Promise<SessionUser> {
  const accountKey = input.email.trim().toLowerCase();
  const wait = Math.max(loginLimits.perAccount.retryAfterMs(accountKey), loginLimits.perIp.retryAfterMs(input.ip));
  if (wait > 0) throw new AccountError("tooManyAttempts", wait);
  const user = await findUserByEmail(db, input.email);
  // Hash even for an unknown address, so the answer takes as long either way.
  const ok = user ? await verifyPassword(input.password, user.password_hash) : (await hashPassword(input.password), false);
  if (!user || !ok) {
    loginLimits.perAccount.recordFailure(accountKey);
    loginLimits.perIp.recordFailure(input.ip);
    throw new AccountError("wrongCredentials");
  }
  loginLimits.perAccount.reset(accountKey);
  return { id: user.id, name: user.name, email: user.email };
}

/** Starts a session and returns the token for the cookie (only its hash is stored). */
export async function startSession(db: Kysely<Database>, userId: string, now = new Date()): Promise<string> {
  const token = newToken();
  await insertSession(db, {
    token_hash: hashToken(token),
    user_id: userId,
    expires_at: new Date(now.getTime() + SESSION_DAYS * 24 * 3600 * 1000).toISOString(),
  });
  return token;
}

/** The user behind a session token, or null when it is unknown, expired or revoked. */
export async function userForSessionToken(db: Kysely<Database>, token: string | null | undefined): Promise<SessionUser | null> {
  if (!token) return null;
  return (await findSessionUser(db, hashToken(token))) ?? null;
}

export async function endSession(db: Kysely<Database>, token: string): Promise<void> {
  await deleteSession(db, hashToken(token));
}

/** Ends every session of the user except the current one ("log out everywhere else"). */
export async function endOtherSessions(db: Kysely<Database>, userId: string, currentToken: string): Promise<void> {
  await deleteSessionsOfUser(db, userId, hashToken(currentToken));
}

/** Changes the password after checking the current one, and ends the user's other sessions. */
export async function changePassword(
  db: Kysely<Database>,
  input: { userId: string; currentPassword: string; newPassword: string; currentToken: string },
): Promise<void> {
  const user = await findUserById(db, input.userId);
  if (!user || !(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw new AccountError("wrongCurrentPassword");
  }
  await updatePasswordHash(db, user.id, await hashPassword(input.newPassword));
  await endOtherSessions(db, user.id, input.currentToken);
}
