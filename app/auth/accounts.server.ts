import type { MailQueueServices } from "../mail/mail-queue.server";
import type { AppServices } from "../services.server";
import { findUserByEmail, findUserById, insertUser, normaliseEmail, updatePasswordHash } from "../../db/users";
import { deleteSession, deleteSessionsOfUser, findSessionUser, insertSession } from "../../db/sessions";
import { forgetTrustedDevices, isTrustedDevice, recordTrustedDevice } from "../../db/trusted-devices";
import { hashPassword, verifyPassword } from "./password.server";
import { hashToken, newId, newToken } from "./tokens.server";
import { loginLimits, reserveAll, type AccountLimits } from "./login-rate-limit.server";
import { tellOwnerOfSignUpAttempt } from "./account-notices.server";

/** How long a session lasts without logging in again. */
export const SESSION_DAYS = 30;

/** A reason an account action was refused; each has a Dutch message in i18n (auth.errors.*). */
export type AccountProblem = "wrongCredentials" | "tooManyAttempts" | "wrongCurrentPassword";

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

type Db = Pick<AppServices, "db">;
/** What logging in and signing up use: the db, and the limits (this process's own when absent). */
type WithLimits = Db & Partial<Pick<AppServices, "accountLimits">>;

function limitsOf(services: Partial<Pick<AppServices, "accountLimits">>): AccountLimits {
  return services.accountLimits ?? loginLimits;
}

/**
 * Signs up: creates the account, or, when the address already has one, leaves that account
 * as it is and tells its owner (account-notices.server.ts). Both answer the same and take the
 * same time (one password hash, then the lookup and one write), so the form does not reveal
 * who has an account; nobody is logged in by signing up, the new owner logs in next.
 * Limited per address (loginLimits.signUpsPerIp): each sign-up costs a password hash.
 */
export async function signUp(
  services: MailQueueServices & Partial<Pick<AppServices, "accountLimits">>,
  input: { name: string; email: string; password: string; ip: string },
  now = new Date(),
): Promise<void> {
  const reserved = await limitsOf(services).signUpsPerIp.reserve(input.ip);
  if (!reserved.ok) throw new AccountError("tooManyAttempts", reserved.retryAfterMs);
  const passwordHash = await hashPassword(input.password);
  const existing = await findUserByEmail(services.db, input.email);
  if (existing) return tellOwnerOfSignUpAttempt(services, existing, now);
  try {
    await insertUser(services.db, { id: newId(), name: input.name.trim(), email: input.email, password_hash: passwordHash, created_at: now.toISOString() });
  } catch (error) {
    // Two sign-ups for one new address at once: the unique index let one through.
    const raced = await findUserByEmail(services.db, input.email);
    if (!raced) throw error;
    await tellOwnerOfSignUpAttempt(services, raced, now);
  }
}

/**
 * Checks e-mail and password. The same error, after the same scrypt work, for an unknown
 * address and a wrong password. Limits (login-rate-limit.server.ts) are reserved before the
 * hash runs: a browser that logged into this account before (`deviceToken`, a trusted device)
 * is limited per device; any other browser per account and per address. So a stranger's
 * guesses, from anywhere, never lock the owner's own browsers out.
 */
export async function logIn(services: WithLimits, input: { email: string; password: string; ip: string; deviceToken?: string | null }): Promise<SessionUser> {
  const limits = limitsOf(services);
  const accountKey = normaliseEmail(input.email);
  const user = await findUserByEmail(services.db, input.email);
  const deviceHash = input.deviceToken ? hashToken(input.deviceToken) : null;
  const trusted = user && deviceHash ? await isTrustedDevice(services.db, deviceHash, user.id) : false;
  // Each reservation is one atomic step with the look at its counter (in memory, or a Redis script): concurrent guesses cannot all pass.
  const limitKeys = trusted && user && deviceHash
    ? ([[limits.perTrustedDevice, `${deviceHash}:${user.id}`]] as const)
    : ([[limits.perAccount, accountKey], [limits.perIp, input.ip]] as const);
  const reserved = await reserveAll(limitKeys);
  if (!reserved.ok) throw new AccountError("tooManyAttempts", reserved.retryAfterMs);
  // Hash even for an unknown address, so the answer takes as long either way.
  const ok = user ? await verifyPassword(input.password, user.password_hash) : (await hashPassword(input.password), false);
  if (!user || !ok) throw new AccountError("wrongCredentials"); // the reservation stays: it was a failure
  reserved.reservation.release();
  for (const [limiter, key] of limitKeys) if (limiter !== limits.perIp) await limiter.reset(key);
  return { id: user.id, name: user.name, email: user.email };
}

/**
 * Remembers that this browser logged into the account (its device cookie), so that account's
 * failed-login limit no longer holds it back. Returns the token the cookie must carry: the
 * browser's own, or a new one when it had none.
 */
export async function trustThisDevice(services: Db, userId: string, deviceToken: string | null, now = new Date()): Promise<string> {
  const token = deviceToken ?? newToken();
  await recordTrustedDevice(services.db, hashToken(token), userId, now.toISOString());
  return token;
}

/** Starts a session and returns the token for the cookie (only its hash is stored). */
export async function startSession(services: Db, userId: string, now = new Date()): Promise<string> {
  const token = newToken();
  await insertSession(services.db, {
    token_hash: hashToken(token),
    user_id: userId,
    expires_at: new Date(now.getTime() + SESSION_DAYS * 24 * 3600 * 1000).toISOString(),
  });
  return token;
}

/** The user behind a session token, or null when it is unknown, expired or revoked. */
export async function userForSessionToken(services: Db, token: string | null | undefined): Promise<SessionUser | null> {
  if (!token) return null;
  return (await findSessionUser(services.db, hashToken(token))) ?? null;
}

/** Ends one session (logging out). */
export async function endSession(services: Db, token: string): Promise<void> {
  await deleteSession(services.db, hashToken(token));
}

/**
 * "Log out everywhere else": ends every session of the user except the current one, and
 * forgets every other browser as trusted (someone else may have been using it).
 */
export async function endOtherSessions(services: Db, userId: string, currentToken: string, deviceToken: string | null = null): Promise<void> {
  await deleteSessionsOfUser(services.db, userId, hashToken(currentToken));
  await forgetTrustedDevices(services.db, userId, deviceToken ? hashToken(deviceToken) : null);
}

/** Changes the password after checking the current one, and ends the user's other sessions (and their trust). */
export async function changePassword(
  services: Db,
  input: { userId: string; currentPassword: string; newPassword: string; currentToken: string; deviceToken?: string | null },
): Promise<void> {
  const user = await findUserById(services.db, input.userId);
  if (!user || !(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw new AccountError("wrongCurrentPassword");
  }
  await updatePasswordHash(services.db, user.id, await hashPassword(input.newPassword));
  await endOtherSessions(services, user.id, input.currentToken, input.deviceToken ?? null);
}
