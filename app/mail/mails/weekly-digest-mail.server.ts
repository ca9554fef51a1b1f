import type { MailJob } from "../../../db/schema";
import { listPairsOfUser } from "../../../db/pairs";
import { listOpenAgreements } from "../../../db/agreements";
import { findMailRecipient } from "../../../db/mail-settings";
import type { MailPayload } from "../mail-kinds";
import { formatShortDate, isoWeekOf, localMoment, plusDays, zoneOrDefault } from "../mail-time";
import type { MailBlock } from "../mail-layout";
import { frameMail, mailLanguage, skip, translator, type MailContext, type PreparedMail } from "./mail-context.server";

/**
 * Monday: the open agreements of all the recipient's pairs that come back this week
 * (Monday to Sunday in their zone) and those already past their date. Nothing due: no mail.
 */
export async function prepareWeeklyDigestMail(context: MailContext, job: MailJob, payload: MailPayload<"weeklyDigest">): Promise<PreparedMail> {
  const recipient = job.user_id ? await findMailRecipient(context.db, job.user_id) : undefined;
  if (!recipient) return skip("the recipient has no account any more");
  const zone = zoneOrDefault(recipient.time_zone);
  const weekStart = payload.weekStart;
  const weekEnd = plusDays(weekStart, 6);
  if (localMoment(context.now, zone).date > weekEnd) return skip("the week is over");

  const language = mailLanguage(recipient.language);
  const t = translator(language);
  const overdue: string[] = [];
  const thisWeek: string[] = [];
  let firstPairId: string | null = null;
  for (const pair of await listPairsOfUser(context.db, recipient.id)) {
    for (const a of await listOpenAgreements(context.db, pair.id)) {
      if (!a.follow_up_date || a.follow_up_date > weekEnd) continue;
      firstPairId ??= pair.id;
      const line = t("mail.weeklyDigest.item", { text: a.text, owner: t(`agreements.owners.${a.owner}`), date: formatShortDate(a.follow_up_date, language), practice: pair.practice_name });
      (a.follow_up_date < weekStart ? overdue : thisWeek).push(line);
    }
  }
  const count = overdue.length + thisWeek.length;
  if (count === 0) return skip("nothing due this week");

  const blocks: MailBlock[] = [
    { type: "paragraph", text: t("mail.weeklyDigest.intro", { week: isoWeekOf(weekStart), from: formatShortDate(weekStart, language), to: formatShortDate(weekEnd, language) }) },
  ];
  if (overdue.length > 0) blocks.push({ type: "list", title: t("mail.weeklyDigest.overdue"), items: overdue });
  if (thisWeek.length > 0) blocks.push({ type: "list", title: t("mail.weeklyDigest.thisWeek"), items: thisWeek });
  blocks.push({ type: "paragraph", text: t("mail.weeklyDigest.hint") });
  blocks.push({ type: "button", label: t("mail.weeklyDigest.button"), url: firstPairId ? `${context.appUrl}/pairs/${firstPairId}/review` : context.appUrl });
  return frameMail(context, { kind: "weeklyDigest", to: recipient.email, language, name: recipient.name, subject: t("mail.weeklyDigest.subject", { count }), blocks });
}
