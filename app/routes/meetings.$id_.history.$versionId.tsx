import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { meetingAccess, orRefuse } from "../auth/access.server";
import { requireSession } from "../auth/session.server";
import { listVersions, readVersion } from "../history/versions.server";
import { diffVersions, type Change } from "../history/diff-versions";
import { restoreVersion } from "../history/restore.server";
import type { TextBlock } from "../editor/read-fields";
import { ReadOnlyBlocks } from "../components/read-only-blocks";
import { formatInstant } from "../meetings/format";

export const meta: MetaFunction = () => [{ title: "Versie — Koers" }];

/** One version, read-only, with what changed since the version before it highlighted. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { meeting } = orRefuse(await meetingAccess(context.services.db, user.id, params.id ?? ""));
  const versionId = Number(params.versionId);
  const version = Number.isInteger(versionId) ? await readVersion(context.services, meeting.id, versionId) : null;
  if (!version) throw new Response("Niet gevonden", { status: 404 });
  const all = await listVersions(context.services.db, meeting.id); // newest first
  const previousSummary = all[all.findIndex((v) => v.id === version.id) + 1];
  const previous = previousSummary ? await readVersion(context.services, meeting.id, previousSummary.id) : null;
  const empty = { agenda: [], notes: [], agreements: [], report: [] };
  return {
    meeting: { id: meeting.id, title: meeting.title, kind: meeting.kind },
    version,
    diff: diffVersions(previous?.content ?? empty, version.content),
    readOnly: context.services.isMeetingReadOnly(meeting.id),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { meeting } = orRefuse(await meetingAccess(context.services.db, user.id, params.id ?? ""));
  const result = await restoreVersion(context.services, meeting.id, Number(params.versionId), user.id);
  if (!result.ok) return { problem: result.problem };
  return redirect(`/meetings/${meeting.id}`);
}

const changeClass = (status: Change<unknown>["status"]) => (status === "unchanged" ? undefined : `change-${status}`);

export default function VersionPage() {
  const { t, i18n } = useTranslation();
  const { meeting, version, diff, readOnly } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const when = formatInstant(version.takenAt, i18n.language);
  const blocks = (changes: Change<TextBlock>[]) => changes.map((c) => (c.after ?? c.before)!);
  return (
    <div className="stack-lg">
      <nav className="crumbs small" aria-label={t("meeting.breadcrumb")}>
        <Link to={`/meetings/${meeting.id}/history`}>{t("history.title")}</Link>
      </nav>
      <div className="page-header">
        <div>
          <h1>{t("history.versionOf", { when })}</h1>
          <p className="muted">{version.label ?? t(`history.reasons.${version.reason}`)} · {t("history.legend")}</p>
        </div>
        {readOnly ? null : (
          <Form method="post">
            <button type="submit" disabled={busy}>
              {t("history.restore")}
            </button>
            <p className="muted small">{t("history.restoreHint")}</p>
          </Form>
        )}
      </div>
      {result?.problem ? (
        <p className="form-error" role="alert">
          {t(`history.problems.${result.problem}`)}
        </p>
      ) : null}
      <div className="version-fields" data-testid="version-content">
        <section className="card">
          <h2>{t("workspace.agenda")}</h2>
          <ul className="plain-list">
            {diff.agenda.map((c, i) => (
              <li key={i} className={changeClass(c.status)}>
                {(c.after ?? c.before)!.title}
              </li>
            ))}
          </ul>
        </section>
        <section className="card">
          <h2>{t("workspace.notes")}</h2>
          <ReadOnlyBlocks blocks={blocks(diff.notes)} classFor={(i) => changeClass(diff.notes[i]!.status)} />
        </section>
        <section className="card">
          <h2>{t("workspace.agreements")}</h2>
          <ul className="plain-list">
            {diff.agreements.map((c, i) => {
              const a = (c.after ?? c.before)!;
              return (
                <li key={i} className={changeClass(c.status)}>
                  {a.text} <span className="muted small">· {t(`agreements.owners.${a.owner}`)}{a.followUpDate ? ` · ${a.followUpDate}` : ""} · {t(`agreements.statuses.${a.status}`)}</span>
                </li>
              );
            })}
          </ul>
        </section>
        {diff.report.length ? (
          <section className="card">
            <h2>{t("report.title")}</h2>
            <ReadOnlyBlocks blocks={blocks(diff.report)} classFor={(i) => changeClass(diff.report[i]!.status)} />
          </section>
        ) : null}
      </div>
    </div>
  );
}
