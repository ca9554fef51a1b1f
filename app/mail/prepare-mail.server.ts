import type { MailJob } from "../../db/schema";
import { isOptedOut } from "../../db/mail-settings";
import { isMailKind, isSwitchableMailKind, mailPayloads, SECRET_PAYLOAD_FIELDS } from "./mail-kinds";
import { PermanentMailError, type MailContext, type PreparedMail } from "./mails/mail-context.server";
import { prepareInviteMail } from "./mails/invite-mail.server";
import { prepareMeetingReminderMail } from "./mails/meeting-reminder-mail.server";
import { prepareWeeklyDigestMail } from "./mails/weekly-digest-mail.server";
import { prepareReportMail } from "./mails/report-mail.server";
import { preparePasswordResetMail, prepareSignupAttemptMail } from "./mails/account-mail.server";

export { PermanentMailError, type MailContext, type PreparedMail } from "./mails/mail-context.server";

/**
 * Turns a claimed job into the mail to send, reading everything as it is now: or says why
 * it is not sent (the address switched this kind off, the invite was used, nothing is due…).
 * Throws PermanentMailError for a job that can never be sent (unknown kind, unreadable payload).
 */
export async function prepareMail(context: MailContext, job: MailJob): Promise<PreparedMail> {
  const kind = job.kind;
  if (!isMailKind(kind)) throw new PermanentMailError(`unknown kind of mail "${kind}"`);
  let raw: unknown;
  try {
    raw = JSON.parse(job.payload);
  } catch {
    throw new PermanentMailError("the job's payload is not JSON");
  }
  if (isSwitchableMailKind(kind) && (await isOptedOut(context.db, job.to_address, kind))) return { send: false, reason: "the address switched this kind of mail off" };
  switch (kind) {
    case "invite":
      return prepareInviteMail(context, job, parse(kind, raw));
    case "meetingReminder":
      return prepareMeetingReminderMail(context, job, parse(kind, raw));
    case "weeklyDigest":
      return prepareWeeklyDigestMail(context, job, parse(kind, raw));
    case "reportSubmitted":
    case "reportReturned":
      return prepareReportMail(context, job, kind, parse(kind, raw));
    case "passwordReset":
      return preparePasswordResetMail(context, job, parse(kind, raw));
    case "signupAttempt":
      return prepareSignupAttemptMail(context, job, parse(kind, raw));
  }
}

function parse<K extends keyof typeof mailPayloads>(kind: K, raw: unknown) {
  const parsed = mailPayloads[kind].safeParse(raw);
  if (!parsed.success) throw new PermanentMailError(`the ${kind} job's payload is invalid: ${parsed.error.issues[0]?.message ?? ""}`);
  return parsed.data as import("zod").infer<(typeof mailPayloads)[K]>;
}

/** A finished job's payload without its secrets (an invite's token), or undefined when it has none. */
export function payloadWithoutSecrets(job: MailJob): Record<string, unknown> | undefined {
  const fields = isMailKind(job.kind) ? SECRET_PAYLOAD_FIELDS[job.kind] : undefined;
  if (!fields) return undefined;
  try {
    const payload = JSON.parse(job.payload) as Record<string, unknown>;
    for (const field of fields) if (field in payload) payload[field] = "(removed)";
    return payload;
  } catch {
    return {};
  }
}
