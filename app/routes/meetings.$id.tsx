import { lazy, Suspense, useEffect, useState } from "react";
import { Link, useLoaderData } from "@remix-run/react";
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { confirmReport, getReport, prefillReport, sendBack, sendBackSchema, submitReport } from "../reports/reports.server";
import { saveVersion, saveVersionSchema } from "../history/versions.server";
import { ReportPanel } from "../components/report-panel";
import { SaveVersionForm } from "../components/save-version-form";
import { RevealPrepButton } from "../components/reveal-prep-button";
import { revealPreparations } from "../meetings/reveal-prep.server";
import { useRevalidator } from "@remix-run/react";
import { openAgreementsView } from "../agreements/open-agreements.server";
import { reviewAgreement, reviewSchema } from "../agreements/review.server";
import { PreviousAgreements } from "../components/previous-agreements";
import { useLiveRefresh } from "../live/use-live-refresh";
import { useTranslation } from "react-i18next";
import { meetingAccess, orRefuse } from "../auth/access.server";
import { requireSession } from "../auth/session.server";
import { pairSummary } from "../pairs/pairs.server";
import { identityOf } from "../live/identity";
import { leadStateOf } from "../live/lead";
import { useLead } from "../live/use-lead";
import { usePresence } from "../live/use-presence";
import { PresenceList } from "../components/presence-list";
import { LeadBar } from "../components/workspace/lead-bar";
import { WorkspaceContext, type CurrentItem } from "../components/workspace/workspace-context";
import { formatScheduled } from "../meetings/format";

// Tiptap and Yjs load only in the browser, in their own chunk.
const Workspace = lazy(() => import("../components/workspace/workspace.client"));

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.heading ?? "Leergesprek"} — Koers` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  // 404 for a meeting that does not exist, 403 for one of another pair.
  const { meeting, role } = orRefuse(await meetingAccess(context.services.db, user.id, params.id ?? ""));
  const pair = await pairSummary(context.services, meeting.pair_id);
  return {
    meeting: {
      id: meeting.id,
      kind: meeting.kind,
      subkind: meeting.subkind,
      title: meeting.title,
      scheduledAt: meeting.scheduled_at,
      plannedMinutes: meeting.planned_minutes,
    },
    lead: leadStateOf(meeting),
    pair: { id: meeting.pair_id, practiceName: pair?.practiceName ?? "" },
    identity: identityOf(user, role),
    heading: meeting.title ?? meeting.kind,
    previousAgreements: await openAgreementsView(context.services.db, meeting.pair_id, meeting.id),
    report: await reportStateFor(context.services, meeting),
  };
}

/** The report's state; an ended meeting's empty report is first drafted from the agenda, notes and agreements. */
async function reportStateFor(services: AppLoadContext["services"], meeting: { id: string; status: string }) {
  if (meeting.status === "afgerond") await prefillReport(services, meeting.id);
  return getReport(services, meeting.id);
}

/**
 * The meeting's forms: the report's workflow (submit, send back, confirm), "Versie opslaan",
 * and reviewing an earlier agreement ("Vorige afspraken"). Each checks the role on the server.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { meeting, role } = orRefuse(await meetingAccess(context.services.db, user.id, params.id ?? ""));
  const form = Object.fromEntries(await request.formData());
  switch (form.intent) {
    case "submitReport":
      return submitReport(context.services, meeting.id, user.id);
    case "confirmReport":
      return confirmReport(context.services, meeting.id, user.id);
    case "sendBack": {
      const comment = sendBackSchema.safeParse(form);
      if (!comment.success) return { ok: false, problem: "commentRequired" };
      return sendBack(context.services, meeting.id, user.id, comment.data.comment);
    }
    case "revealPrep":
      return revealPreparations(context.services, meeting, role);
    case "saveVersion": {
      const label = saveVersionSchema.safeParse(form);
      const saved = await saveVersion(context.services, meeting.id, user.id, label.success ? label.data.label : null);
      return saved ? { ok: true, saved: saved.takenAt } : { ok: false, problem: "forbidden" };
    }
  }
  const parsed = reviewSchema.safeParse(form);
  if (!parsed.success) return { ok: false, problem: "invalid" };
  return reviewAgreement(context.services, { pairId: meeting.pair_id, role, currentMeetingId: meeting.id }, parsed.data);
}

export default function MeetingPage() {
  const { meeting, lead: initialLead, pair, identity, previousAgreements, report } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  // Agreements reviewed by the other person, or changed in another meeting, show up here live.
  useLiveRefresh({ pairId: pair.id }, () => revalidator.revalidate());
  const { t, i18n } = useTranslation();
  const lead = useLead(initialLead);
  const [currentItem, setCurrentItem] = useState<CurrentItem | null>(null);
  const { people, selfId } = usePresence(meeting.id);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  return (
    <WorkspaceContext.Provider value={{ role: identity.role, lead, currentItem, setCurrentItem }}>
      <div className="meeting">
        <nav className="crumbs small" aria-label={t("meeting.breadcrumb")}>
          <Link to={`/pairs/${pair.id}`}>{pair.practiceName}</Link>
        </nav>
        <header className="meeting-header">
          <div>
            <h1>{meeting.title ?? t(`meetingKinds.${meeting.kind}`)}</h1>
            <p className="muted">
              {t(`meetingKinds.${meeting.kind}`)}
              {meeting.subkind ? ` · ${t(`taakSubkinds.${meeting.subkind}`)}` : ""} · {formatScheduled(meeting.scheduledAt, i18n.language)} ·{" "}
              {t("meetings.minutes", { count: meeting.plannedMinutes })}
            </p>
          </div>
          <PresenceList people={people} selfId={selfId} />
        </header>
        <div className="row meeting-tools">
          {meeting.kind === "procesgericht" && identity.role === "aios" && !report.readOnly ? <RevealPrepButton /> : null}
          <Link to={`/meetings/${meeting.id}/history`}>{t("history.link")}</Link>
          {report.readOnly ? null : <SaveVersionForm meetingId={meeting.id} />}
        </div>
        <PreviousAgreements agreements={previousAgreements} action={`/meetings/${meeting.id}`} allowOnAgenda={initialLead.status !== "afgerond"} />
        <LeadBar />
        {report.readOnly ? (
          <p className="notice" role="status" data-testid="read-only-notice">
            {t("report.frozenNotice")}
          </p>
        ) : null}
        {lead.state.status === "afgerond" ? <ReportPanel meetingId={meeting.id} report={report} role={identity.role} /> : null}
        {hydrated ? (
          <Suspense fallback={<p className="muted">{t("meeting.loadingEditor")}</p>}>
            <Workspace
              meetingId={meeting.id}
              kind={meeting.kind}
              subkind={meeting.subkind}
              identity={identity}
              lead={lead}
              readOnly={report.readOnly}
              reportEditable={identity.role === "aios" && !report.readOnly && (report.status === "concept" || report.status === "teruggestuurd")}
            />
          </Suspense>
        ) : (
          <p className="muted">{t("meeting.loadingEditor")}</p>
        )}
      </div>
    </WorkspaceContext.Provider>
  );
}
