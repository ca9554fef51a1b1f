import type { AppServices } from "../services.server";
import type { AccountNoticeKind } from "../../db/schema";
import { listUnseenAccountNotices, markAccountNoticesSeen, recordAccountNotice } from "../../db/account-notices";
import { newId } from "./tokens.server";
import { mailSignupAttempt } from "../mail/mail-notices.server";
import type { MailQueueServices } from "../mail/mail-queue.server";

// What an account's owner should hear about that happened while they were away. Today: someone
// tried to sign up with their address (sign-up answers the same either way, so the person
// signing up is not told; the owner is). Shown at the owner's next login (/account/notices)
// and mailed (at most once a day, issue #18).

/** One notice as the owner sees it. */
export interface AccountNoticeView {
  kind: AccountNoticeKind;
  firstAt: string;
  lastAt: string;
  count: number;
}

/**
 * THE HOOK for "someone tried to sign up with an existing address": records the notice the
 * owner sees at their next login and queues the mail that tells them now.
 */
export async function tellOwnerOfSignUpAttempt(
  services: MailQueueServices,
  owner: { id: string; email: string; name: string },
  at: Date,
): Promise<void> {
  await recordAccountNotice(services.db, { id: newId(), userId: owner.id, kind: "signUpAttempt", at: at.toISOString() });
  await mailSignupAttempt(services, owner.email, undefined, at);
}

/** The notices the owner has not seen yet, oldest first. */
export async function unseenAccountNotices(services: Pick<AppServices, "db">, userId: string): Promise<AccountNoticeView[]> {
  return (await listUnseenAccountNotices(services.db, userId)).map((n) => ({ kind: n.kind, firstAt: n.first_at, lastAt: n.last_at, count: n.count }));
}

/** The owner has read them: they are not shown again. */
export async function dismissAccountNotices(services: Pick<AppServices, "db">, userId: string, now = new Date()): Promise<void> {
  await markAccountNoticesSeen(services.db, userId, now.toISOString());
}
