import type { MailJob } from "../../../db/schema";
import { findMeeting } from "../../../db/meetings";
import { listPairMembers } from "../../../db/pairs";
import { findReport } from "../../../db/reports";
import { findMailRecipient } from "../../../db/mail-settings";
import type { MailPayload } from "../mail-kinds";
import { formatLongDate, meetingInstant, zoneOrDefault } from "../mail-time";
import { frameMail, mailLanguage, meetingWhat, skip, translator, type MailContext, type PreparedMail } from "./mail-context.server";

/**
 * A report's step: submitted (to the opleider, to read and confirm) or sent back (to the aios,
 * with the comment). Skipped when the report moved on before the mail went out.
 */
export async function prepareReportMail(
  context: MailContext,
  job: MailJob,
  kind: "reportSubmitted" | "reportReturned",
  payload: MailPayload<"reportSubmitted" | "reportReturned">,
): Promise<PreparedMail> {
  const recipient = job.user_id ? await findMailRecipient(context.db, job.user_id) : undefined;
  if (!recipient) return skip("the recipient has no account any more");
  const meeting = await findMeeting(context.db, payload.meetingId);
  if (!meeting) return skip("the meeting was removed");
  const report = await findReport(context.db, meeting.id);
  const expected = kind === "reportSubmitted" ? "ingediend" : "teruggestuurd";
  if (report?.status !== expected) return skip(`the report is no longer ${expected}`);
  const members = await listPairMembers(context.db, meeting.pair_id);
  if (!members.some((m) => m.user_id === recipient.id)) return skip("the recipient is no longer in the pair");
  const nameOf = (role: "aios" | "opleider") => members.find((m) => m.role === role)?.name ?? "";

  const language = mailLanguage(recipient.language);
  const t = translator(language);
  const zone = zoneOrDefault(recipient.time_zone);
  const instant = meetingInstant(meeting.scheduled_at);
  const values = { what: meetingWhat(t, meeting), date: instant ? formatLongDate(instant, zone, language) : meeting.scheduled_at.slice(0, 10) };
  const url = `${context.appUrl}/meetings/${meeting.id}`;
  if (kind === "reportSubmitted") {
    return frameMail(context, {
      kind,
      to: recipient.email,
      language,
      name: recipient.name,
      subject: t("mail.reportSubmitted.subject", values),
      blocks: [
        { type: "paragraph", text: t("mail.reportSubmitted.intro", { ...values, aios: nameOf("aios") }) },
        { type: "button", label: t("mail.reportSubmitted.button"), url },
      ],
    });
  }
  return frameMail(context, {
    kind,
    to: recipient.email,
    language,
    name: recipient.name,
    subject: t("mail.reportReturned.subject", values),
    blocks: [
      { type: "paragraph", text: t("mail.reportReturned.intro", { ...values, opleider: nameOf("opleider") }) },
      { type: "quote", text: report.return_comment ?? "" },
      { type: "paragraph", text: t("mail.reportReturned.after") },
      { type: "button", label: t("mail.reportReturned.button"), url },
    ],
  });
}
