import type { LoaderFunctionArgs } from "@remix-run/node";
import { meetingAccess, orRefuse } from "../auth/access.server";
import { requireSession } from "../auth/session.server";
import { recordMeetingOpen } from "../audit/audit.server";
import { confirmedReportPdf, documentLanguageOf, pdfDownloads } from "../reports/report-pdf-file.server";
import { createI18n } from "../i18n/i18n";

/**
 * A confirmed report as a PDF made on the server (the portfolio's copy), in the reader's
 * language (Dutch unless they chose English). Before confirmation: 409 with why, since the
 * Markdown and the print page exist for drafts.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { meeting } = orRefuse(await meetingAccess(context.services.db, user.id, params.id ?? ""));
  const language = await documentLanguageOf(context.services, user.id);
  const slot = await pdfDownloads.reserve(user.id);
  if (!slot.ok) {
    const minutes = Math.ceil(slot.retryAfterMs / 60_000);
    throw new Response(createI18n(language).t("yourData.report.pdfTooMany", { minutes }), { status: 429, headers: { "Retry-After": String(Math.ceil(slot.retryAfterMs / 1000)) } });
  }
  const file = await confirmedReportPdf(context.services, meeting.id, language);
  if (!file) throw new Response(createI18n(language).t("yourData.report.pdfNotConfirmed"), { status: 409 });
  await recordMeetingOpen(context.services.db, meeting.id, user.id, "pdf");
  return new Response(new Uint8Array(file.body), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Content-Length": String(file.body.length),
      "Cache-Control": "private, no-store",
    },
  });
}
