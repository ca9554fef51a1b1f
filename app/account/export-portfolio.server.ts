import { listAgreementChangesOfPairs, listAgreementsOfPairs } from "../../db/your-data";
import { readReportData } from "../reports/reports.server";
import type { ReportData } from "../reports/report-data";
import { reportMarkdown } from "../reports/report-markdown";
import { renderReportPdf } from "../reports/report-pdf-file.server";
import { toCsv } from "./csv";
import type { ExportContext, ExportEntry, ExportPart } from "./export.server";

// The aios's portfolio bundle: every confirmed report of a pair they are the aios of, as a
// PDF and as Markdown (the same document model), and those pairs' agreements with their
// history. An opleider's export has none of these (the reports are the aios's portfolio).

function aiosPairIds(context: ExportContext): string[] {
  return context.pairs.filter((p) => p.role === "aios").map((p) => p.pairId);
}

/** verslagen/<date>-<kind>.pdf and .md for every confirmed report where the person is the aios. */
export const reportFiles: ExportPart = async (context) => {
  const pairIds = new Set(aiosPairIds(context));
  const entries: ExportEntry[] = [];
  for (const meeting of context.meetings) {
    if (!pairIds.has(meeting.pair_id) || meeting.report_status !== "bevestigd") continue;
    const base = context.uniquePath(`verslagen/${meeting.scheduled_at.slice(0, 10)}-${meeting.kind}`);
    // Read once for both files; the PDF comes first and leaves it for the Markdown.
    let data: ReportData | null = null;
    const read = async () => {
      await context.opened(meeting.id);
      data ??= await readReportData(context.services, meeting.id);
      if (!data) throw new Error(`meeting ${meeting.id} disappeared during the export`);
      return data;
    };
    entries.push(
      { path: `${base}.pdf`, compress: false, make: async () => renderReportPdf(await read(), context.language, context.now) },
      { path: `${base}.md`, compress: true, make: async () => reportMarkdown(await read(), context.language) },
    );
  }
  return entries;
};

/** afspraken.csv (every agreement as it is now) and afspraken-geschiedenis.csv (each change of status, date or owner). */
export const agreementFiles: ExportPart = async (context) => {
  const pairIds = aiosPairIds(context);
  if (pairIds.length === 0) return [];
  return [
    {
      path: context.uniquePath("afspraken.csv"),
      compress: true,
      async make() {
        const rows = await listAgreementsOfPairs(context.services.db, pairIds);
        return toCsv(
          ["gesprek_datum", "gesprek_soort", "praktijk", "afspraak", "eigenaar", "terugkomdatum", "status", "gemaakt", "laatst_gewijzigd", "uit_gesprek_verwijderd", "gesprek_id", "afspraak_id"],
          rows.map((a) => [a.meetingDate, a.meetingKind, a.practiceName, a.text, a.owner, a.followUpDate, a.status, a.createdAt, a.updatedAt, a.removedAt, a.meetingId, a.id]),
        );
      },
    },
    {
      path: context.uniquePath("afspraken-geschiedenis.csv"),
      compress: true,
      async make() {
        const rows = await listAgreementChangesOfPairs(context.services.db, pairIds);
        return toCsv(
          ["moment", "gesprek_datum", "afspraak", "wijziging", "van", "naar", "gesprek_id", "afspraak_id"],
          rows.map((c) => [c.changedAt, c.meetingDate, c.text, c.change, c.oldValue, c.newValue, c.meetingId, c.agreementId]),
        );
      },
    },
  ];
};
