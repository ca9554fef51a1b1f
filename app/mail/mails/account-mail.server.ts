import type { MailJob } from "../../../db/schema";
import { findMailRecipient, findMailRecipientByEmail } from "../../../db/mail-settings";
import { createPasswordResetLink } from "../../auth/password-reset.server";
import type { MailPayload } from "../mail-kinds";
import { formatTime, zoneOrDefault } from "../mail-time";
import { frameMail, mailLanguage, skip, translator, type MailContext, type PreparedMail } from "./mail-context.server";

/**
 * "Wachtwoord vergeten": for an address with an account, a new one-time link (valid for an
 * hour from now) is made and mailed; for any other address nothing is sent.
 */
export async function preparePasswordResetMail(context: MailContext, job: MailJob, payload: MailPayload<"passwordReset">): Promise<PreparedMail> {
  const recipient = await findMailRecipientByEmail(context.db, job.to_address);
  if (!recipient) return skip("no account has this address");
  const { token, expiresAt } = await createPasswordResetLink(context.db, recipient.id, context.now);
  const language = mailLanguage(recipient.language, payload.language);
  const t = translator(language);
  return frameMail(context, {
    kind: "passwordReset",
    to: recipient.email,
    language,
    name: recipient.name,
    subject: t("mail.passwordReset.subject"),
    blocks: [
      { type: "paragraph", text: t("mail.passwordReset.intro") },
      { type: "button", label: t("mail.passwordReset.button"), url: `${context.appUrl}/reset-password/${token}` },
      { type: "paragraph", text: t("mail.passwordReset.valid", { time: formatTime(expiresAt, zoneOrDefault(recipient.time_zone), language) }) },
      { type: "paragraph", text: t("mail.passwordReset.notYou") },
    ],
  });
}

/** Someone tried to sign up with the address of an existing account: tell its owner (nothing changed). */
export async function prepareSignupAttemptMail(context: MailContext, job: MailJob, payload: MailPayload<"signupAttempt">): Promise<PreparedMail> {
  const recipient = job.user_id ? await findMailRecipient(context.db, job.user_id) : undefined;
  if (!recipient) return skip("the recipient has no account any more");
  const language = mailLanguage(recipient.language, payload.language);
  const t = translator(language);
  return frameMail(context, {
    kind: "signupAttempt",
    to: recipient.email,
    language,
    name: recipient.name,
    subject: t("mail.signupAttempt.subject"),
    blocks: [
      { type: "paragraph", text: t("mail.signupAttempt.intro", { email: recipient.email }) },
      { type: "paragraph", text: t("mail.signupAttempt.ifYou") },
      { type: "button", label: t("mail.signupAttempt.button"), url: `${context.appUrl}/login` },
      { type: "button", label: t("mail.signupAttempt.forgot"), url: `${context.appUrl}/forgot-password` },
      { type: "paragraph", text: t("mail.signupAttempt.ifNotYou") },
    ],
  });
}
