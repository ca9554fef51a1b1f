import type { LoaderFunctionArgs } from "@remix-run/node";
import { meetingAccess, orRefuse } from "../auth/access.server";
import { requireSession } from "../auth/session.server";
import { recordMeetingOpen } from "../audit/audit.server";
import { readReportData } from "../reports/reports.server";
import { reportMarkdown } from "../reports/report-markdown";

/**
 * The report as a Markdown download: as confirmed (frozen), or the current draft before that;
 * its agreements as they are now.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { meeting } = orRefuse(await meetingAccess(context.services.db, user.id, params.id ?? ""));
  await recordMeetingOpen(context.services.db, meeting.id, user.id, "markdown");
  const markdown = reportMarkdown((await readReportData(context.services, meeting.id))!);
  const filename = `verslag-${meeting.scheduled_at.slice(0, 10)}-${meeting.kind}.md`;
  return new Response(markdown, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
