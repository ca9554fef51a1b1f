import { Link, useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Role } from "../../db/schema";
import type { ReportState } from "../reports/reports.server";
import { formatInstant } from "../meetings/format";

/**
 * The report's workflow after the meeting: the aios writes (in the Verslag field) and
 * submits; the opleider confirms or sends it back with a comment; confirmed, it is frozen
 * and can be downloaded as Markdown or printed.
 */
export function ReportPanel({ meetingId, report, role }: { meetingId: string; report: ReportState; role: Role }) {
  const { t, i18n } = useTranslation();
  const fetcher = useFetcher<{ ok: boolean; problem?: string }>();
  const busy = fetcher.state !== "idle";
  const problem = fetcher.data && !fetcher.data.ok ? fetcher.data.problem : null;
  return (
    <section className="card report-panel" aria-labelledby="report-panel-title" data-testid="report-panel">
      <div className="row">
        <h2 id="report-panel-title">{t("report.title")}</h2>
        <span className={`status-pill report-${report.status}`} data-testid="report-status">
          {t(`report.status.${report.status}`)}
        </span>
      </div>
      {report.status === "teruggestuurd" && report.returnComment ? (
        <p className="notice" data-testid="return-comment">
          <strong>{t("report.returnedWith", { name: report.returnedByName ?? report.opleiderName ?? t("roles.opleider") })}</strong> {report.returnComment}
        </p>
      ) : null}
      {report.status === "bevestigd" ? (
        <div className="stack">
          <p>{t("report.confirmedBy", { name: report.opleiderName ?? "", date: report.confirmedAt ? formatInstant(report.confirmedAt, i18n.language) : "" })}</p>
          <p className="row">
            <a className="button" href={`/meetings/${meetingId}/report.md`} download data-testid="download-markdown">
              {t("report.downloadMarkdown")}
            </a>
            <a className="button secondary" href={`/meetings/${meetingId}/report.pdf`} download data-testid="download-pdf">
              {t("yourData.pdf")}
            </a>
            <Link to={`/meetings/${meetingId}/print`}>{t("report.print")}</Link>
          </p>
        </div>
      ) : role === "aios" ? (
        report.status === "ingediend" ? (
          <p className="muted">{t("report.waitingForOpleider")}</p>
        ) : (
          <fetcher.Form method="post" className="row">
            <p className="muted small">{t("report.submitHint")}</p>
            <button type="submit" name="intent" value="submitReport" disabled={busy}>
              {t(report.status === "teruggestuurd" ? "report.resubmit" : "report.submit")}
            </button>
          </fetcher.Form>
        )
      ) : report.status === "ingediend" ? (
        <div className="stack">
          <fetcher.Form method="post">
            <button type="submit" name="intent" value="confirmReport" disabled={busy}>
              {t("report.confirm")}
            </button>
          </fetcher.Form>
          <fetcher.Form method="post" className="stack">
            <label htmlFor="send-back-comment">{t("report.commentLabel")}</label>
            <textarea id="send-back-comment" name="comment" required maxLength={2000} />
            <button type="submit" name="intent" value="sendBack" className="secondary" disabled={busy}>
              {t("report.sendBack")}
            </button>
          </fetcher.Form>
        </div>
      ) : (
        <p className="muted">{t("report.waitingForAios")}</p>
      )}
      {report.status !== "bevestigd" ? (
        <p className="small">
          <Link to={`/meetings/${meetingId}/print`}>{t("report.preview")}</Link>
        </p>
      ) : null}
      {problem ? (
        <p className="form-error" role="alert">
          {t(`report.problems.${problem}`)}
        </p>
      ) : null}
    </section>
  );
}
