import { useEffect, useRef, useState } from "react";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { meetingAccess, orRefuse } from "../auth/access.server";
import { requireSession } from "../auth/session.server";
import { recordMeetingOpen } from "../audit/audit.server";
import { listVersions, readVersion } from "../history/versions.server";
import { diffVersions } from "../history/diff-versions";
import { emptyMeetingContent } from "../meetings/fields";
import { restoreVersion } from "../history/restore.server";
import { VersionChanges } from "../components/version-changes";
import { goalTitles } from "../goals/goals.server";
import { formatInstant } from "../meetings/format";

// Its own route beside the list (`history_`), not nested in it: the list has no <Outlet/>,
// so nested it rendered the list alone.

export const meta: MetaFunction = () => [{ title: "Versie — Koers" }];

/** One version, read-only, with what changed since the version before it highlighted. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { meeting } = orRefuse(await meetingAccess(context.services.db, user.id, params.id ?? ""));
  await recordMeetingOpen(context.services.db, meeting.id, user.id, "history");
  const versionId = Number(params.versionId);
  const version = Number.isSafeInteger(versionId) ? await readVersion(context.services, meeting.id, versionId) : null;
  if (!version) throw new Response("Niet gevonden", { status: 404 });
  const all = await listVersions(context.services.db, meeting.id); // newest first
  const at = all.findIndex((v) => v.id === version.id);
  const older = all[at + 1] ?? null;
  const newer = at > 0 ? all[at - 1]! : null;
  const previous = older ? await readVersion(context.services, meeting.id, older.id) : null;
  const diff = diffVersions(previous?.content ?? emptyMeetingContent(), version.content);
  return {
    meeting: { id: meeting.id, title: meeting.title, kind: meeting.kind },
    version: { id: version.id, takenAt: version.takenAt, reason: version.reason, label: version.label, takenBy: all[at]?.takenBy?.name ?? null },
    older: older ? { id: older.id, takenAt: older.takenAt } : null,
    newer: newer ? { id: newer.id, takenAt: newer.takenAt } : null,
    diff,
    goalTitles: await goalTitles(context.services, meeting.pair_id),
    readOnly: await context.services.isMeetingReadOnly(meeting.id),
  };
}

/** "Deze versie terugzetten": a new change that both people see live; the state before it is kept as a version. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { meeting } = orRefuse(await meetingAccess(context.services.db, user.id, params.id ?? ""));
  const form = await request.formData();
  if (form.get("intent") !== "restore") return { problem: "unknownVersion" as const };
  const result = await restoreVersion(context.services, meeting.id, Number(params.versionId), user.id);
  if (!result.ok) return { problem: result.problem };
  return redirect(`/meetings/${meeting.id}`);
}

export default function VersionPage() {
  const { t, i18n } = useTranslation();
  const { meeting, version, older, newer, diff, readOnly, goalTitles } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const when = (iso: string) => formatInstant(iso, i18n.language);
  const why = version.label ?? t(`history.reasons.${version.reason}`);
  return (
    <div className="stack-lg">
      <nav className="crumbs small" aria-label={t("meeting.breadcrumb")}>
        <Link to={`/meetings/${meeting.id}`}>{meeting.title ?? t(`meetingKinds.${meeting.kind}`)}</Link> ›{" "}
        <Link to={`/meetings/${meeting.id}/history`}>{t("history.title")}</Link>
      </nav>
      <div className="page-header">
        <div>
          <h1>{t("history.versionOf", { when: when(version.takenAt) })}</h1>
          <p className="muted">
            {why} · {version.takenBy ?? t("history.automatic")}
          </p>
        </div>
        {readOnly ? <p className="notice small">{t("history.readOnlyNotice")}</p> : <RestoreVersion when={when(version.takenAt)} />}
      </div>
      {result?.problem ? (
        <p className="form-error" role="alert">
          {t(`history.problems.${result.problem}`)}
        </p>
      ) : null}
      <div className="version-compare">
        <p className="small" data-testid="version-compared">
          {older ? (diff.changed ? t("history.comparedWith", { when: when(older.takenAt) }) : t("history.noChanges", { when: when(older.takenAt) })) : t("history.firstVersion")}
        </p>
        {older && diff.changed ? (
          <p className="small version-legend" aria-hidden="true">
            <span className="change-badge change-badge-added">{t("history.changes.added")}</span>{" "}
            <span className="change-badge change-badge-changed">{t("history.changes.changed")}</span>{" "}
            <span className="change-badge change-badge-removed">{t("history.changes.removed")}</span>
          </p>
        ) : null}
        <nav className="row small version-nav" aria-label={t("history.otherVersions")}>
          {older ? <Link to={`/meetings/${meeting.id}/history/${older.id}`}>← {t("history.older", { when: when(older.takenAt) })}</Link> : null}
          {newer ? <Link to={`/meetings/${meeting.id}/history/${newer.id}`}>{t("history.newer", { when: when(newer.takenAt) })} →</Link> : null}
        </nav>
      </div>
      <VersionChanges diff={diff} highlight={older !== null} goalTitles={goalTitles} />
    </div>
  );
}

/** The restore button, and a confirmation before anything happens. */
function RestoreVersion({ when }: { when: string }) {
  const { t } = useTranslation();
  const busy = useNavigation().state !== "idle";
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    // Focus follows the question: onto "Ja, terugzetten", and back to the button when cancelled.
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) askRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking) {
    return (
      <div className="restore-version">
        <button ref={askRef} type="button" onClick={() => setAsking(true)}>
          {t("history.restore")}
        </button>
        <p className="muted small">{t("history.restoreHint")}</p>
      </div>
    );
  }
  return (
    <Form method="post" className="restore-version restore-confirm card" role="alertdialog" aria-labelledby="restore-question" aria-describedby="restore-detail">
      <p id="restore-question">
        <strong>{t("history.restoreQuestion", { when })}</strong>
      </p>
      <p id="restore-detail" className="small">
        {t("history.restoreDetail")}
      </p>
      <div className="row">
        <button ref={confirmRef} type="submit" name="intent" value="restore" disabled={busy}>
          {t("history.restoreConfirm")}
        </button>
        <button type="button" className="secondary" onClick={() => setAsking(false)} disabled={busy}>
          {t("history.cancel")}
        </button>
      </div>
    </Form>
  );
}
