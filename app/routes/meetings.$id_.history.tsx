import { Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { meetingAccess, orRefuse } from "../auth/access.server";
import { requireSession } from "../auth/session.server";
import { listVersions } from "../history/versions.server";
import { SaveVersionForm } from "../components/save-version-form";
import { formatInstant } from "../meetings/format";

export const meta: MetaFunction = () => [{ title: "Versies — Koers" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { meeting } = orRefuse(await meetingAccess(context.services.db, user.id, params.id ?? ""));
  return {
    meeting: { id: meeting.id, title: meeting.title, kind: meeting.kind },
    versions: await listVersions(context.services.db, meeting.id),
    readOnly: context.services.isMeetingReadOnly(meeting.id),
  };
}

/** Every saved version of a meeting, newest first: when, why, by whom. */
export default function HistoryPage() {
  const { t, i18n } = useTranslation();
  const { meeting, versions, readOnly } = useLoaderData<typeof loader>();
  return (
    <div className="stack-lg">
      <nav className="crumbs small" aria-label={t("meeting.breadcrumb")}>
        <Link to={`/meetings/${meeting.id}`}>{meeting.title ?? t(`meetingKinds.${meeting.kind}`)}</Link>
      </nav>
      <div className="page-header">
        <h1>{t("history.title")}</h1>
        {readOnly ? null : <SaveVersionForm meetingId={meeting.id} />}
      </div>
      {versions.length === 0 ? <p className="card">{t("history.none")}</p> : null}
      <ul className="version-list" data-testid="version-list">
        {versions.map((v) => (
          <li key={v.id}>
            <Link to={`/meetings/${meeting.id}/history/${v.id}`}>
              <strong>{formatInstant(v.takenAt, i18n.language)}</strong>
              <span>{v.label ?? t(`history.reasons.${v.reason}`)}</span>
              <span className="muted small">{v.takenBy ? v.takenBy.name : t("history.automatic")}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
