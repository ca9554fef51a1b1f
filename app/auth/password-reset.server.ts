import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { countMailJobsSince } from "../../db/mail-jobs";
import { deletePasswordResetsOfUser, findUsablePasswordReset, insertPasswordReset, usePasswordReset } from "../../db/password-resets";
import { deleteSessionsOfUser } from "../../db/sessions";
import { findUserById, normaliseEmail, updatePasswordHash } from "../../db/users";
import { queueMail, type MailQueueServices } from "../mail/mail-queue.server";
import type { AppServices } from "../services.server";
import { loginLimits } from "./login-rate-limit.server";
import { hashPassword } from "./password.server";
import { hashToken, newToken } from "./tokens.server";

// "Wachtwoord vergeten" (issue #18). Asking for a link does exactly the same work whether or
// not the address has an account: it queues one job for the address and answers. Whether
// there is an account is only looked at when the job runs (then the link is made and mailed,
// or the job is skipped), so neither the answer nor its timing tells anyone who has an account.
// The link is one-time and valid for an hour; using it ends every session of the account.

/** How long a reset link works. */
export const RESET_LINK_MINUTES = 60;
/** Links that may be asked for one address per hour (counted in the database: every instance sees them). */
export const RESETS_PER_ADDRESS_PER_HOUR = 3;

export type ResetRequestResult = { ok: true } | { ok: false; retryAfterMinutes: number };

/** Queues a reset mail for the address (sent only if it has an account), unless it or the IP asked too often. */
export async function requestPasswordReset(
  services: MailQueueServices & Partial<Pick<AppServices, "accountLimits">>,
  input: { email: string; ip: string; language: string },
  now: Date = new Date(),
): Promise<ResetRequestResult> {
  const address = normaliseEmail(input.email);
  // Every request counts (also for an unknown address): reserved, never released.
  // Requests per IP address: in this process's memory, or in Redis with several instances (like the login limits).
  const ipSlot = await (services.accountLimits ?? loginLimits).resetRequestsPerIp.reserve(input.ip, now.getTime());
  if (!ipSlot.ok) return { ok: false, retryAfterMinutes: Math.ceil(ipSlot.retryAfterMs / 60_000) };
  const recent = await countMailJobsSince(services.db, address, "passwordReset", new Date(now.getTime() - 60 * 60_000));
  if (recent >= RESETS_PER_ADDRESS_PER_HOUR) return { ok: false, retryAfterMinutes: 60 };
  // Whether there is an account shows only in the work of preparing the mail: the job may run
  // only well after this answer is out, at a random moment, so the answer's timing cannot tell.
  const runAt = new Date(now.getTime() + 300 + Math.floor(Math.random() * 700));
  await queueMail(services, { kind: "passwordReset", to: address, payload: { language: input.language === "en" ? "en" : "nl" }, runAt }, now);
  return { ok: true };
}

/** Makes a new one-time link for a user (when the reset mail is sent); returns its token, of which only the hash is kept. */
export async function createPasswordResetLink(db: Kysely<Database>, userId: string, now: Date = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + RESET_LINK_MINUTES * 60_000);
  await insertPasswordReset(db, { token_hash: hashToken(token), user_id: userId, created_at: now.toISOString(), expires_at: expiresAt.toISOString() });
  return { token, expiresAt };
}

/** The account a link is for while it still works, or null (used, expired or unknown). */
export async function checkPasswordResetLink(db: Kysely<Database>, token: string, now: Date = new Date()): Promise<{ userId: string; email: string } | null> {
  if (!token) return null;
  const reset = await findUsablePasswordReset(db, hashToken(token), now);
  const user = reset ? await findUserById(db, reset.user_id) : undefined;
  return user ? { userId: user.id, email: user.email } : null;
}

/**
 * Uses a link: sets the new password, ends every session of the account (and closes their
 * open connections), makes the account's other links unusable and lifts a login lock.
 * Returns the user id, or null when the link no longer works.
 */
export async function resetPassword(
  services: Pick<AppServices, "db" | "closeSessions"> & Partial<Pick<AppServices, "accountLimits">>,
  token: string,
  newPassword: string,
  now: Date = new Date(),
): Promise<string | null> {
  const passwordHash = await hashPassword(newPassword);
  const userId = await usePasswordReset(services.db, hashToken(token), now);
  if (!userId) return null;
  await updatePasswordHash(services.db, userId, passwordHash);
  await deleteSessionsOfUser(services.db, userId);
  services.closeSessions({ userId });
  await deletePasswordResetsOfUser(services.db, userId);
  const user = await findUserById(services.db, userId);
  if (user) await (services.accountLimits ?? loginLimits).perAccount.reset(user.email);
  return userId;
}
