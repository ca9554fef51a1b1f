import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Meeting } from "../../db/schema";
import { formatScheduled } from "../meetings/format";

type MeetingSummary = Pick<Meeting, "id" | "kind" | "subkind" | "title" | "scheduled_at" | "planned_minutes" | "status">;

/** Meetings as links, with kind, time, length and status; `actions` adds controls next to a meeting (cancel). */
export function MeetingList({ meetings, empty, actions }: { meetings: MeetingSummary[]; empty: string; actions?: (meeting: MeetingSummary) => ReactNode }) {
  const { t, i18n } = useTranslation();
  if (meetings.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="meeting-list" data-testid="meeting-list">
      {meetings.map((m) => (
        <li key={m.id} className={actions ? "meeting-row" : undefined}>
          <Link to={`/meetings/${m.id}`} className="meeting-link">
            <span className="meeting-when">{formatScheduled(m.scheduled_at, i18n.language)}</span>
            <span className="meeting-what">
              {m.title ?? t(`meetingKinds.${m.kind}`)}
              {m.title || m.subkind ? (
                <span className="muted small">
                  {" "}
                  · {t(`meetingKinds.${m.kind}`)}
                  {m.subkind ? ` (${t(`taakSubkinds.${m.subkind}`)})` : ""}
                </span>
              ) : null}
            </span>
            <span className="muted small">{t("meetings.minutes", { count: m.planned_minutes })}</span>
            <span className={`status-pill status-${m.status}`}>{t(`meetings.status.${m.status}`)}</span>
          </Link>
          {actions?.(m)}
        </li>
      ))}
    </ul>
  );
}
