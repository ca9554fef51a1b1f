import { useTranslation } from "react-i18next";
import type { MeetingVisit } from "../audit/audit.server";
import { formatInstant, localeOf } from "../meetings/format";

/** "Geopend door": per 10-minute window, which member opened the meeting and through which channels. */
export function AuditPanel({ visits, currentUserId }: { visits: MeetingVisit[]; currentUserId: string }) {
  const { t, i18n } = useTranslation();
  const time = new Intl.DateTimeFormat(localeOf(i18n.language), { timeStyle: "short", timeZone: "Europe/Amsterdam" });
  if (visits.length === 0) return <p className="card muted">{t("yourData.audit.none")}</p>;
  return (
    <div className="card audit-panel">
      <table className="audit-table" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">{t("yourData.audit.when")}</th>
            <th scope="col">{t("yourData.audit.who")}</th>
            <th scope="col">{t("yourData.audit.how")}</th>
          </tr>
        </thead>
        <tbody>
          {visits.map((v) => (
            <tr key={`${v.windowStart}-${v.userId}`} data-testid="audit-row">
              <td>
                {formatInstant(v.firstAt, i18n.language)}
                {v.lastAt.slice(0, 16) !== v.firstAt.slice(0, 16) ? `–${time.format(new Date(v.lastAt))}` : ""}
              </td>
              <td>
                {v.erased ? t("yourData.report.erasedAccount") : v.name}
                {v.role ? <span className="muted small"> · {t(`roles.${v.role}`)}</span> : null}
                {v.userId === currentUserId ? <span className="muted small"> ({t("yourData.audit.you")})</span> : null}
              </td>
              <td>{v.channels.map((c) => t(`yourData.audit.channels.${c}`)).join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
