import type { AppServices } from "../services.server";
import { findUserById } from "../../db/users";
import { isLanguage, type Language } from "../i18n/i18n";
import { createI18n } from "../i18n/i18n";
import { readReportData } from "./reports.server";
import type { ReportData } from "./report-data";
import { longInstant, reportView } from "./report-view";
import { reportPdf } from "./report-pdf.server";

/** A report file ready to send: its name and bytes. */
export interface ReportFile {
  filename: string;
  body: Buffer;
}

/** The language of a person's documents: their stored choice, else Dutch. */
export async function documentLanguageOf(services: Pick<AppServices, "db">, userId: string): Promise<Language> {
  const user = await findUserById(services.db, userId);
  return isLanguage(user?.language) ? user.language : "nl";
}

/** The base of a report's file names: "verslag-2026-11-24-taakgericht". */
export function reportFileBase(data: Pick<ReportData, "meeting">): string {
  return `verslag-${data.meeting.scheduledAt.slice(0, 10)}-${data.meeting.kind}`;
}

/** A confirmed report's data as a PDF, in a language. */
export async function renderReportPdf(data: ReportData, language: Language, now: Date = new Date()): Promise<Buffer> {
  const t = createI18n(language).t;
  return reportPdf(reportView(data, language), {
    footer: t("yourData.report.madeBy", { date: longInstant(now.toISOString(), language) }),
    pageLabel: (page, pages) => t("yourData.report.page", { page, pages }),
    createdAt: now,
  });
}

/**
 * The PDF of a meeting's confirmed report, or null when the report is not confirmed (or the
 * meeting does not exist). The caller checks access to the meeting first.
 */
export async function confirmedReportPdf(
  services: Pick<AppServices, "db" | "readDocument" | "isMeetingReadOnly">,
  meetingId: string,
  language: Language,
  now: Date = new Date(),
): Promise<ReportFile | null> {
  const data = await readReportData(services, meetingId);
  if (!data || data.status !== "bevestigd") return null;
  return { filename: `${reportFileBase(data)}.pdf`, body: await renderReportPdf(data, language, now) };
}
