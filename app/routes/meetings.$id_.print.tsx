import { Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { meetingAccess, orRefuse } from "../auth/access.server";
import { requireSession } from "../auth/session.server";
import { recordMeetingOpen } from "../audit/audit.server";
import { getReport, readReportData } from "../reports/reports.server";
import { reportBody, type ReportFieldSection } from "../reports/report-sections";
import { FeedbackSummary } from "../components/consult-feedback/feedback-summary";
import { durationMinutes } from "../reports/report-format";
import { ReadOnlyBlocks } from "../components/read-only-blocks";
import { formatDay, formatInstant } from "../meetings/format";

export const meta: MetaFunction = () => [{ title: "Verslag — Koers" }];

/**
 * The verslag to read and print (browser print / save as PDF), the same as its Markdown: the
 * header, then the body of report-sections.ts (what was discussed, the agreements once and as
 * they are now, the consult feedback). Everything from the document is rendered as text:
 * nothing of it is HTML.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { meeting } = orRefuse(await meetingAccess(context.services.db, user.id, params.id ?? ""));
  await recordMeetingOpen(context.services.db, meeting.id, user.id, "print");
  const data = (await readReportData(context.services, meeting.id))!;
  const report = await getReport(context.services, meeting.id);
  return {
    meeting: data.meeting,
    pair: data.pair ?? null,
    participants: data.participants,
    body: reportBody(data),
    status: report.status,
    minutes: durationMinutes(data.meeting),
    confirmedAt: report.confirmedAt,
    submittedAt: report.submittedAt,
  };
}

export default function PrintReport() {
  const { t, i18n } = useTranslation();
  const { meeting: m, pair, participants, body, status, minutes, confirmedAt, submittedAt } = useLoaderData<typeof loader>();
  const discussion = body.discussion;
  const [date, time] = m.scheduledAt.split("T");
  const when = m.startedAt ? formatInstant(m.startedAt, i18n.language) : t("report.plannedAt", { date: formatDay(date!, i18n.language), time: time ?? "" });
  const statusText =
    status === "bevestigd" && confirmedAt
      ? t("report.confirmedOn", { date: formatInstant(confirmedAt, i18n.language) })
      : status === "ingediend" && submittedAt
        ? t("report.submittedOn", { date: formatInstant(submittedAt, i18n.language) })
        : t(`report.status.${status}`);
  return (
    <article className="card print-report" data-testid="print-report">
      <p className="no-print row print-actions">
        <Link to={`/meetings/${m.id}`}>{t("report.backToMeeting")}</Link>
        <a href={`/meetings/${m.id}/report.md`} download>
          {t("report.downloadMarkdown")}
        </a>
        {status === "bevestigd" ? <a href={`/meetings/${m.id}/report.pdf`} download data-testid="print-download-pdf">{t("yourData.pdf")}</a> : null}
        <button type="button" onClick={() => window.print()}>
          {t("report.printButton")}
        </button>
      </p>
      <header className="print-header">
        <h1>
          {t("report.title")}: {t(`meetingKinds.${m.kind}`)}
          {m.subkind ? ` — ${t(`taakSubkinds.${m.subkind}`)}` : ""}
        </h1>
        {m.title ? <p className="lead-text">{m.title}</p> : null}
      </header>
      <dl className="facts" data-testid="print-facts">
        {pair ? (
          <>
            <dt>{t("report.practice")}</dt>
            <dd>{pair.practiceName}</dd>
            <dt>{t("report.trainingYear")}</dt>
            <dd>{t("report.yearValue", { year: pair.trainingYear })}</dd>
          </>
        ) : null}
        <dt>{t("report.date")}</dt>
        <dd>{when}</dd>
        <dt>{t("report.duration")}</dt>
        <dd>{minutes !== null ? t("meetings.minutes", { count: minutes }) : t("report.notRecorded")}</dd>
        <dt>{t("report.aiosLabel")}</dt>
        <dd>{participants.aios ?? "—"}</dd>
        <dt>{t("report.opleiderLabel")}</dt>
        <dd>{participants.opleider ?? "—"}</dd>
        <dt>{t("report.statusLabel")}</dt>
        <dd>{statusText}</dd>
      </dl>

      <section aria-labelledby="print-discussed" data-testid="print-discussed">
        <h2 id="print-discussed">{t("report.discussed")}</h2>
        {discussion.kind === "report" ? (
          <ReadOnlyBlocks blocks={discussion.blocks} />
        ) : discussion.sections.length === 0 ? (
          <p className="muted">{t("report.nothingRecorded")}</p>
        ) : (
          discussion.sections.map((section, i) => (
            <div key={section.agendaItemId ?? "other"} className="print-item">
              <h3>
                {section.agendaItemId === null ? t("report.otherNotes") : `${i + 1}. ${section.title || t("history.untitled")}`}
                {section.done ? <span className="muted small"> · {t("history.itemDone")}</span> : null}
              </h3>
              {section.blocks.length ? <ReadOnlyBlocks blocks={section.blocks} /> : <p className="muted">{t("report.noNotesForItem")}</p>}
            </div>
          ))
        )}
      </section>

      {body.sections.map((section) => (
        <PrintSection key={section.field} section={section} goalTitles={body.goalTitles} />
      ))}
    </article>
  );
}

/** One field's section of the report body (report-sections.ts). */
function PrintSection({ section, goalTitles }: { section: ReportFieldSection; goalTitles: Readonly<Record<string, string>> }) {
  const { t, i18n } = useTranslation();
  const titleId = `print-${section.field}-title`;
  return (
    <section aria-labelledby={titleId} data-testid={`print-${section.field}`}>
      <h2 id={titleId}>{t(section.label)}</h2>
      {section.kind === "agreement" ? (
        <>
          {section.entries.length === 0 ? <p className="muted">{t("report.noAgreements")}</p> : null}
          <ul className="print-agreements">
            {section.entries.map((a, i) => (
              <li key={a.id ?? i}>
                <strong>{a.text || t("history.untitled")}</strong>
                <span>
                  {" "}
                  — {t(`agreements.owners.${a.owner}`)} · {a.followUpDate ? t("report.followUpOn", { date: formatDay(a.followUpDate, i18n.language) }) : t("report.noFollowUp")} ·{" "}
                  {t(`agreements.statuses.${a.status}`)}
                  {a.goalId ? ` · ${t("goals.linkedTo", { goal: goalTitles[a.goalId] ?? t("goals.unknownGoal") })}` : ""}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        section.entries.map((entry) => (
          <div key={entry.id} className="print-item">
            <FeedbackSummary entry={entry} />
          </div>
        ))
      )}
    </section>
  );
}
