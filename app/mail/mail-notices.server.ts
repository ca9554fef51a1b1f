import { findMeeting } from "../../db/meetings";
import { listPairMembers } from "../../db/pairs";
import { findMailRecipient, findMailRecipientByEmail, isOptedOut } from "../../db/mail-settings";
import { queueMail, type MailQueueServices } from "./mail-queue.server";
import { localMoment, zoneOrDefault } from "./mail-time";

// What the rest of the app calls to send a mail: one call per event, from the domain
// function where the event happens. Each only queues a job; the server's runner sends it.

/**
 * Mails an invite link to an address (the pair page's optional e-mail field). Returns
 * "optedOut" when that address switched invitations off: then nothing is queued.
 */
export async function mailInvite(
  services: MailQueueServices,
  invite: { token: string; pairId: string; inviterId: string; email: string; language: string },
): Promise<"queued" | "optedOut"> {
  if (await isOptedOut(services.db, invite.email, "invite")) return "optedOut";
  const existing = await findMailRecipientByEmail(services.db, invite.email);
  await queueMail(services, {
    kind: "invite",
    to: invite.email,
    userId: existing?.id ?? null,
    payload: { token: invite.token, pairId: invite.pairId, inviterId: invite.inviterId, language: invite.language === "en" ? "en" : "nl" },
  });
  return "queued";
}

/** The aios submitted the report: tell the pair's opleider (called from submitReport). */
export async function mailReportSubmitted(services: MailQueueServices, meetingId: string): Promise<void> {
  await mailPairMember(services, meetingId, "opleider", "reportSubmitted");
}

/** The opleider sent the report back: tell the pair's aios (called from sendBack). */
export async function mailReportReturned(services: MailQueueServices, meetingId: string): Promise<void> {
  await mailPairMember(services, meetingId, "aios", "reportReturned");
}

async function mailPairMember(services: MailQueueServices, meetingId: string, role: "aios" | "opleider", kind: "reportSubmitted" | "reportReturned"): Promise<void> {
  const meeting = await findMeeting(services.db, meetingId);
  if (!meeting) return;
  const member = (await listPairMembers(services.db, meeting.pair_id)).find((m) => m.role === role);
  const recipient = member ? await findMailRecipient(services.db, member.user_id) : undefined;
  if (!recipient) return;
  await queueMail(services, { kind, to: recipient.email, userId: recipient.id, payload: { meetingId } });
}

/**
 * Someone tried to sign up with the address of an existing account (sign-up answers the same
 * either way): tell the owner, at most once a day. Returns whether a mail was queued; false
 * for an address without an account, or when one went out today already.
 */
export async function mailSignupAttempt(services: MailQueueServices, email: string, language?: string, now: Date = new Date()): Promise<boolean> {
  const recipient = await findMailRecipientByEmail(services.db, email);
  if (!recipient) return false;
  const today = localMoment(now, zoneOrDefault(recipient.time_zone)).date;
  return queueMail(
    services,
    {
      kind: "signupAttempt",
      to: recipient.email,
      userId: recipient.id,
      payload: { language: language === "en" ? "en" : language === "nl" ? "nl" : undefined },
      uniqueKey: `signupAttempt:${recipient.id}:${today}`,
    },
    now,
  );
}
