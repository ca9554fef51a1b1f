import type { MailJob } from "../../../db/schema";
import { findInvite } from "../../../db/invites";
import { findPair } from "../../../db/pairs";
import { findMailRecipientByEmail, findMailRecipient } from "../../../db/mail-settings";
import { hashToken } from "../../auth/tokens.server";
import type { MailPayload } from "../mail-kinds";
import { formatLongDate, zoneOrDefault } from "../mail-time";
import { frameMail, mailLanguage, skip, translator, type MailContext, type PreparedMail } from "./mail-context.server";

/** The invite: who invites, to which pair and role, and the one-time link (while it still works). */
export async function prepareInviteMail(context: MailContext, job: MailJob, payload: MailPayload<"invite">): Promise<PreparedMail> {
  const invite = await findInvite(context.db, hashToken(payload.token));
  if (!invite) return skip("the invite no longer exists");
  if (invite.used_at) return skip("the invite was used already");
  if (invite.expires_at <= context.now.toISOString()) return skip("the invite expired");
  const pair = await findPair(context.db, invite.pair_id);
  const inviter = await findMailRecipient(context.db, payload.inviterId);
  if (!pair || !inviter) return skip("the pair or the inviter no longer exists");
  const recipient = await findMailRecipientByEmail(context.db, job.to_address);
  const language = mailLanguage(recipient?.language, payload.language);
  const t = translator(language);
  const zone = zoneOrDefault(recipient?.time_zone);
  return frameMail(context, {
    kind: "invite",
    to: job.to_address,
    language,
    name: recipient?.name ?? null,
    subject: t("mail.invite.subject", { inviter: inviter.name, practice: pair.practice_name }),
    blocks: [
      { type: "paragraph", text: t("mail.invite.intro", { inviter: inviter.name, role: t(`roles.${invite.role}`), practice: pair.practice_name }) },
      { type: "button", label: t("mail.invite.button"), url: `${context.appUrl}/invite/${payload.token}` },
      { type: "paragraph", text: t("mail.invite.valid", { date: formatLongDate(new Date(invite.expires_at), zone, language) }) },
      { type: "paragraph", text: t("mail.invite.notExpected") },
    ],
  });
}
