import type { TFunction } from "i18next";
import { createI18n, type Language } from "../i18n/i18n";
import type { TextBlock } from "../editor/read-fields";
import { ERASED_ACCOUNT_NAME } from "../../db/erased-account";
import type { ReportData } from "./report-data";
import { durationMinutes } from "./report-format";
import { reportDiscussion } from "./report-sections";
import { itemsInOrder, type ConsultFeedbackEntry } from "../consult-feedback/feedback-content";

/**
 * A report (verslag) as a document, in one language: the one model the Markdown and the PDF
 * are rendered from (the print page shows the same parts, from the same data and sections).
 * Every value is plain text; each renderer escapes it for its own format. Pure.
 */
export interface ReportView {
  language: Language;
  /** "Verslag: Taakgericht leergesprek — Consultbespreking". */
  title: string;
  /** The meeting's own title, when it has one. */
  subtitle: string | null;
  /** Practice, training year, date, duration, both names, status. */
  facts: ReportFact[];
  discussedHeading: string;
  /** The aios's report text, or (while there is none) the notes per agenda item. */
  discussion: { kind: "report"; blocks: TextBlock[] } | { kind: "notes"; sections: ReportViewSection[] };
  /** Shown under the heading when nothing was discussed. */
  nothingRecorded: string;
  agreementsHeading: string;
  agreements: Array<{ text: string; details: string[] }>;
  noAgreements: string;
  /** Feedback on consult recordings (issue #17): shown only when there is any. */
  feedbackHeading: string;
  feedback: ReportViewFeedback[];
  /** When it was submitted and confirmed (the PDF's closing block). */
  confirmationHeading: string;
  confirmation: ReportFact[];
}

export interface ReportFact {
  label: string;
  value: string;
}

/** One feedback form on a consult recording: the consult, then one line per part given feedback on. */
export interface ReportViewFeedback {
  title: string;
  lines: ReportFact[];
}

export interface ReportViewSection {
  /** The agenda item's place (1-based); null for the other notes. */
  number: number | null;
  title: string;
  done: boolean;
  blocks: TextBlock[];
  /** Shown when the section has no blocks. */
  empty: string;
}

const translators = new Map<Language, TFunction>();
function translatorOf(language: Language): TFunction {
  let t = translators.get(language);
  if (!t) translators.set(language, (t = createI18n(language).t));
  return t;
}

/** The report's document model in a language (Dutch unless the reader chose English). */
export function reportView(data: ReportData, language: Language = "nl"): ReportView {
  const t = translatorOf(language);
  const { meeting, participants } = data;
  const kind = t(`meetingKinds.${meeting.kind}`, { defaultValue: meeting.kind });
  const subkind = meeting.subkind ? t(`taakSubkinds.${meeting.subkind}`, { defaultValue: meeting.subkind }) : null;
  const person = (name: string | null) => (name === null ? t("yourData.report.unknown") : name === ERASED_ACCOUNT_NAME ? t("yourData.report.erasedAccount") : name);
  const minutes = durationMinutes(meeting);

  const facts: ReportFact[] = [];
  if (data.pair) {
    facts.push({ label: t("report.practice"), value: data.pair.practiceName });
    facts.push({ label: t("report.trainingYear"), value: String(data.pair.trainingYear) });
  }
  facts.push({ label: t("report.date"), value: meetingWhen(meeting, language, t) });
  facts.push({ label: t("report.duration"), value: minutes === null ? t("report.notRecorded") : t("meetings.minutes", { count: minutes }) });
  facts.push({ label: t("report.aiosLabel"), value: person(participants.aios) });
  facts.push({ label: t("report.opleiderLabel"), value: person(participants.opleider) });
  facts.push({ label: t("report.statusLabel"), value: statusText(data, language, t) });

  const discussion = reportDiscussion(data);
  const confirmation: ReportFact[] = [];
  if (data.submittedAt) confirmation.push({ label: t("yourData.report.submittedAt"), value: longInstant(data.submittedAt, language) });
  if (data.confirmedAt) confirmation.push({ label: t("yourData.report.confirmedAt"), value: longInstant(data.confirmedAt, language) });

  return {
    language,
    title: `${t("report.title")}: ${kind}${subkind ? ` — ${subkind}` : ""}`,
    subtitle: meeting.title,
    facts,
    discussedHeading: t("report.discussed"),
    discussion:
      discussion.kind === "report"
        ? discussion
        : {
            kind: "notes",
            sections: discussion.sections.map((s, i) => ({
              number: s.agendaItemId === null ? null : i + 1,
              title: s.agendaItemId === null ? t("report.otherNotes") : s.title || t("agenda.untitled"),
              done: s.done,
              blocks: s.blocks,
              empty: t("report.noNotesForItem"),
            })),
          },
    nothingRecorded: t("report.nothingRecorded"),
    agreementsHeading: t("workspace.agreements"),
    agreements: data.content.agreements.map((a) => ({
      text: a.text || t("yourData.report.untitledAgreement"),
      details: [
        t("yourData.report.owner", { owner: t(`agreements.owners.${a.owner}`) }),
        t("yourData.report.followUp", { date: a.followUpDate ? longDate(a.followUpDate, language) : t("yourData.report.noFollowUp") }),
        t("yourData.report.status", { status: t(`agreements.statuses.${a.status}`).toLowerCase() }),
        ...(a.goalId ? [t("goals.linkedTo", { goal: data.goalTitles?.[a.goalId] ?? t("goals.unknownGoal") })] : []),
      ],
    })),
    noAgreements: t("report.noAgreements"),
    feedbackHeading: t("consultFeedback.reportHeading"),
    feedback: (data.content.consultFeedback ?? []).map((entry) => feedbackView(entry, language, t)),
    confirmationHeading: t("yourData.report.confirmation"),
    confirmation,
  };
}

/** One feedback form: the learning question, each item scored or commented on, the overall feedback, the leerpunten and what they became. */
function feedbackView(entry: ConsultFeedbackEntry, language: Language, t: TFunction): ReportViewFeedback {
  const consult = entry.consultDate ? t("consultFeedback.consultOn", { date: longDate(entry.consultDate, language) }) : t("consultFeedback.consultUndated");
  const lines: ReportFact[] = [{ label: t("consultFeedback.learningQuestion"), value: entry.learningQuestion || t("consultFeedback.noLearningQuestion") }];
  for (const item of itemsInOrder(entry)) {
    if (item.score === null && !item.comment.trim()) continue;
    const score = item.score === null ? t("consultFeedback.notScored") : t(`consultFeedback.scores.${item.score}`);
    lines.push({ label: t(`consultFeedback.items.${item.id}.label`), value: item.comment.trim() ? `${score} — ${item.comment}` : score });
  }
  if (entry.overall.trim()) lines.push({ label: t("consultFeedback.overall"), value: entry.overall });
  for (const l of entry.leerpunten) {
    const became = [
      l.agreementId ? t("consultFeedback.leerpuntBecame.agreement") : null,
      l.goalId ? t("consultFeedback.leerpuntBecame.goal") : l.suggestionId ? t("consultFeedback.leerpuntBecame.suggestion") : null,
    ].filter(Boolean);
    lines.push({ label: t("consultFeedback.leerpunt"), value: became.length ? `${l.text} (${became.join(", ")})` : l.text });
  }
  return { title: entry.description ? `${consult} — ${entry.description}` : consult, lines };
}

function statusText(data: ReportData, language: Language, t: TFunction): string {
  if (data.status === "bevestigd" && data.confirmedAt) return t("report.confirmedOn", { date: longInstant(data.confirmedAt, language) });
  if (data.status === "ingediend" && data.submittedAt) return t("report.submittedOn", { date: longInstant(data.submittedAt, language) });
  return t(`yourData.report.statusText.${data.status}`);
}

/** When the meeting took place: its start when it started, else its planned (wall-clock) time. */
function meetingWhen(meeting: ReportData["meeting"], language: Language, t: TFunction): string {
  if (meeting.startedAt) return longInstant(meeting.startedAt, language);
  const [date, time] = meeting.scheduledAt.split("T");
  return time ? t("report.plannedAt", { date: longDate(date!, language), time }) : longDate(date!, language);
}

const formats = new Map<string, Intl.DateTimeFormat>();
function format(language: Language, withTime: boolean): Intl.DateTimeFormat {
  const key = `${language}:${withTime}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(language === "en" ? "en-GB" : "nl-NL", {
      weekday: "long",
      day: "numeric",
      month: "long",
      year: "numeric",
      ...(withTime ? { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Amsterdam" } : { timeZone: "UTC" }),
    });
    formats.set(key, f);
  }
  return f;
}

/** A calendar date "YYYY-MM-DD" as e.g. "dinsdag 8 december 2026". */
export function longDate(date: string, language: Language): string {
  const day = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(day.getTime()) ? date : format(language, false).format(day);
}

/** An instant (ISO) as e.g. "dinsdag 24 november 2026 om 13:02", Amsterdam time. */
export function longInstant(iso: string, language: Language): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : format(language, true).format(at);
}
