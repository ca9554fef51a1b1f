import { Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { meetingAccess, orRefuse } from "../auth/access.server";
import { requireSession } from "../auth/session.server";
import { getReport, readReportData } from "../reports/reports.server";
import { durationMinutes, dutchInstant, meetingWhen } from "../reports/report-format";
import { ReadOnlyBlocks } from "../components/read-only-blocks";

export const meta: MetaFunction = () => [{ title: "Verslag — Koers" }];

/** A print-ready report (browser print / save as PDF). Everything is rendered as text: nothing from the document is HTML. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { meeting } = orRefuse(await meetingAccess(context.services.db, user.id, params.id ?? ""));
  const data = (await readReportData(context.services, meeting.id))!;
  const report = await getReport(context.services, meeting.id);
  return {
    data,
    report,
    when: meetingWhen(data.meeting),
    minutes: durationMinutes(data.meeting),
    confirmedAt: report.confirmedAt ? dutchInstant(report.confirmedAt) : null,
  };
}

export default function PrintReport() {
  const { t } = useTranslation();
  const { data, report, when, minutes, confirmedAt } = useLoaderData<typeof loader>();
  const m = data.meeting;
  return (
    <article className="card print-report" data-testid="print-report">
      <p className="no-print row">
        <Link to={`/meetings/${m.id}`}>{t("report.backToMeeting")}</Link>
        <button type="button" onClick={() => window.print()}>
          {t("report.printButton")}
        </button>
      </p>
      <h1>
        {t("report.title")}: {t(`meetingKinds.${m.kind}`)}
        {m.subkind ? ` — ${t(`taakSubkinds.${m.subkind}`)}` : ""}
      </h1>
      {m.title ? <p className="lead-text">{m.title}</p> : null}
      <dl className="facts">
        <dt>{t("report.date")}</dt>
        <dd>{when}</dd>
        <dt>{t("report.duration")}</dt>
        <dd>{minutes !== null ? t("meetings.minutes", { count: minutes }) : "—"}</dd>
        <dt>{t("roles.aios")}</dt>
        <dd>{data.participants.aios ?? "—"}</dd>
        <dt>{t("roles.opleider")}</dt>
        <dd>{data.participants.opleider ?? "—"}</dd>
        <dt>{t("report.statusLabel")}</dt>
        <dd>{confirmedAt ? t("report.confirmedOn", { date: confirmedAt }) : t(`report.status.${report.status}`)}</dd>
      </dl>
      <h2>{t("report.discussed")}</h2>
      <ul>
        {data.content.agenda.map((item, i) => (
          <li key={item.id ?? i}>{item.title}</li>
        ))}
      </ul>
      <h2>{t("report.title")}</h2>
      <ReadOnlyBlocks blocks={data.content.report.length ? data.content.report : data.content.notes} />
      <h2>{t("workspace.agreements")}</h2>
      <ul data-testid="print-agreements">
        {data.content.agreements.map((a, i) => (
          <li key={a.id ?? i}>
            {a.text} — {t(`agreements.owners.${a.owner}`)}
            {a.followUpDate ? `, ${t("agreements.followUp").toLowerCase()} ${a.followUpDate}` : ""} ({t(`agreements.statuses.${a.status}`)})
          </li>
        ))}
      </ul>
    </article>
  );
}
