import { Link, useLoaderData } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { meetingAccess, orRefuse } from "../auth/access.server";
import { requireSession } from "../auth/session.server";
import { recordMeetingOpen } from "../audit/audit.server";
import { listVersions, saveManualVersion, saveVersionSchema } from "../history/versions.server";
import { SaveVersionForm } from "../components/save-version-form";
import { formatInstant } from "../meetings/format";

export const meta: MetaFunction = () => [{ title: "Versies — Koers" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { meeting } = orRefuse(await meetingAccess(context.services.db, user.id, params.id ?? ""));
  await recordMeetingOpen(context.services.db, meeting.id, user.id, "history");
  return {
    meeting: { id: meeting.id, title: meeting.title, kind: meeting.kind },
    versions: await listVersions(context.services.db, meeting.id),
    readOnly: await context.services.isMeetingReadOnly(meeting.id),
  };
}

/** "Versie opslaan" (from this page and the workspace): saved, or why not. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { meeting } = orRefuse(await meetingAccess(context.services.db, user.id, params.id ?? ""));
  const form = saveVersionSchema.safeParse(Object.fromEntries(await request.formData()));
  return saveManualVersion(context.services, meeting.id, user.id, form.success ? form.data.label : null);
}

/** Every saved version of a meeting, newest first: when, why, by whom; each opens as it was. */
export default function HistoryPage() {
  const { t, i18n } = useTranslation();
  const { meeting, versions, readOnly } = useLoaderData<typeof loader>();
  return (
    <div className="stack-lg">
      <nav className="crumbs small" aria-label={t("meeting.breadcrumb")}>
        <Link to={`/meetings/${meeting.id}`}>{meeting.title ?? t(`meetingKinds.${meeting.kind}`)}</Link>
        {" · "}
        <Link to={`/meetings/${meeting.id}/opened`}>{t("yourData.audit.link")}</Link>
      </nav>
      <div className="page-header">
        <div>
          <h1>{t("history.title")}</h1>
          <p className="muted small">{t("history.intro")}</p>
        </div>
        {readOnly ? <p className="notice small">{t("history.readOnlyNotice")}</p> : <SaveVersionForm meetingId={meeting.id} />}
      </div>
      {versions.length === 0 ? <p className="card">{t("history.none")}</p> : null}
      <ul className="version-list" data-testid="version-list">
        {versions.map((v) => (
          <li key={v.id}>
            <Link to={`/meetings/${meeting.id}/history/${v.id}`} data-testid="version-link">
              <strong>{formatInstant(v.takenAt, i18n.language)}</strong>
              <span className="version-reason">{v.label ?? t(`history.reasons.${v.reason}`)}</span>
              <span className="muted small">{v.takenBy ? v.takenBy.name : t("history.automatic")}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
