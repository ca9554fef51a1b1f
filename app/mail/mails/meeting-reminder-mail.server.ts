import type { MailJob } from "../../../db/schema";
import { findMeeting } from "../../../db/meetings";
import { findPair, listPairMembers } from "../../../db/pairs";
import { listOpenAgreements } from "../../../db/agreements";
import { findMailRecipient } from "../../../db/mail-settings";
import { meetingDocName } from "../../collab/protocol";
import { readAgenda } from "../../editor/read-fields";
import type { MailPayload } from "../mail-kinds";
import { formatLongDate, formatShortDate, formatTime, meetingInstant, PAIR_TIME_ZONE, zoneOrDefault } from "../mail-time";
import type { MailBlock } from "../mail-layout";
import { kindOf } from "../../meetings/kinds";
import { frameMail, mailLanguage, meetingWhat, skip, translator, type MailContext, type PreparedMail } from "./mail-context.server";

/**
 * The day before a meeting: what is planned (kind, time, agenda items), the open agreements
 * due by then, and for a procesgericht meeting the link to the private 3+3 preparation.
 * Read when it is sent, so it shows the agenda as it stands then.
 */
export async function prepareMeetingReminderMail(context: MailContext, job: MailJob, payload: MailPayload<"meetingReminder">): Promise<PreparedMail> {
  const recipient = job.user_id ? await findMailRecipient(context.db, job.user_id) : undefined;
  if (!recipient) return skip("the recipient has no account any more");
  const meeting = await findMeeting(context.db, payload.meetingId);
  if (!meeting) return skip("the meeting was removed");
  if (meeting.status !== "gepland") return skip("the meeting started already");
  const instant = meetingInstant(meeting.scheduled_at);
  if (!instant || instant <= context.now) return skip("the meeting's time has passed");
  const members = await listPairMembers(context.db, meeting.pair_id);
  const self = members.find((m) => m.user_id === recipient.id);
  if (!self) return skip("the recipient is no longer in the pair");
  const pair = await findPair(context.db, meeting.pair_id);
  const partner = members.find((m) => m.user_id !== recipient.id);

  const language = mailLanguage(recipient.language);
  const t = translator(language);
  const zone = zoneOrDefault(recipient.time_zone);
  const what = meetingWhat(t, meeting);
  const time = formatTime(instant, zone, language);
  const agenda = (await context.readDocument(meetingDocName(meeting.id), readAgenda)).filter((item) => item.title && !item.done);
  const meetingDate = meeting.scheduled_at.slice(0, 10);
  const due = (await listOpenAgreements(context.db, meeting.pair_id, meeting.id)).filter((a) => a.follow_up_date && a.follow_up_date <= meetingDate);
  const meetingUrl = `${context.appUrl}/meetings/${meeting.id}`;

  const kindLabel = `${t(`meetingKinds.${meeting.kind}`)}${meeting.subkind ? ` · ${t(`taakSubkinds.${meeting.subkind}`)}` : ""}`;
  const whatLine = meeting.title ? `${kindLabel}: ${meeting.title}` : kindLabel;
  const whenValues = { date: formatLongDate(instant, zone, language), time, minutes: meeting.planned_minutes, zone };
  const blocks: MailBlock[] = [
    { type: "paragraph", text: partner ? t("mail.meetingReminder.intro", { partner: partner.name }) : t("mail.meetingReminder.introAlone") },
    {
      type: "lines",
      lines: [
        t("mail.meetingReminder.what", { what: whatLine }),
        t(zone === PAIR_TIME_ZONE ? "mail.meetingReminder.when" : "mail.meetingReminder.whenOtherZone", whenValues),
        t("mail.meetingReminder.pair", { practice: pair?.practice_name ?? "" }),
      ],
    },
    agenda.length > 0
      ? {
          type: "list",
          title: t("mail.meetingReminder.agenda"),
          items: agenda.map((item) => (item.timeboxMinutes ? t("mail.meetingReminder.agendaItem", { title: item.title, minutes: item.timeboxMinutes }) : item.title)),
        }
      : { type: "paragraph", text: t("mail.meetingReminder.noAgenda") },
  ];
  if (due.length > 0) {
    blocks.push({
      type: "list",
      title: t("mail.meetingReminder.agreements"),
      items: due.map((a) => t("mail.meetingReminder.agreementItem", { text: a.text, owner: t(`agreements.owners.${a.owner}`), date: formatShortDate(a.follow_up_date!, language) })),
    });
  }
  const preparation = kindOf(meeting.kind).preparation;
  if (preparation) {
    blocks.push({ type: "paragraph", text: t(preparation.i18n.reminderText) });
    blocks.push({ type: "button", label: t(preparation.i18n.reminderButton), url: `${meetingUrl}#panel-private` });
  } else {
    blocks.push({ type: "button", label: t("mail.meetingReminder.button"), url: meetingUrl });
  }
  return frameMail(context, {
    kind: "meetingReminder",
    to: recipient.email,
    language,
    name: recipient.name,
    subject: t("mail.meetingReminder.subject", { time, what }),
    blocks,
  });
}
