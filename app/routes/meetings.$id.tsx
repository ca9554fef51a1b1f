import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { Link, useLoaderData } from "@remix-run/react";
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { confirmReport, getReport, sendBack, sendBackSchema, submitReport } from "../reports/reports.server";
import { ReportPanel } from "../components/report-panel";
import { SaveVersionForm } from "../components/save-version-form";
import { RevealPrepButton } from "../components/reveal-prep-button";
import { revealPreparations } from "../meetings/reveal-prep.server";
import { openAgreementsView } from "../agreements/open-agreements.server";
import { reviewAgreement, reviewSchema } from "../agreements/review.server";
import { PreviousAgreements } from "../components/previous-agreements";
import { useLiveRefresh, useQueuedRevalidate } from "../live/use-live-refresh";
import { useTranslation } from "react-i18next";
import { meetingAccess, orRefuse } from "../auth/access.server";
import { requireSession } from "../auth/session.server";
import { recordMeetingOpen } from "../audit/audit.server";
import { pairSummary } from "../pairs/pairs.server";
import { identityOf } from "../live/identity";
import { leadStateOf } from "../live/lead";
import { useLead } from "../live/use-lead";
import { usePresence } from "../live/use-presence";
import { PresenceList } from "../components/presence-list";
import { LeadBar } from "../components/workspace/lead-bar";
import { WorkspaceContext, type AgendaItemSummary } from "../components/workspace/workspace-context";
import { AccessRefusal } from "../components/workspace/access-refusal";
import { RefusedChangeNotice, type RefusedChange } from "../components/workspace/refused-change";
import { useLiveRefusal } from "../live/use-live-refusal";
import type { DocAccess } from "../collab/protocol";
import { formatScheduled } from "../meetings/format";
import { kindOf, meetingPanels } from "../meetings/kinds";
import { goalOnAgenda, goalOptions, goalsDueBy } from "../goals/goals.server";
import { isOpenGoal } from "../goals/goal-forms";
import { feedbackOfMeeting, offersConsultFeedback } from "../consult-feedback/consult-feedback.server";
import { ConsultFeedbackPanel } from "../components/consult-feedback/feedback-panel";
import { GoalsPanel } from "../components/goals/goals-on-agenda";
import { amsterdamDate } from "../norms/norms";

// Tiptap and Yjs load only in the browser, in their own chunk.
const Workspace = lazy(() => import("../components/workspace/workspace.client"));

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.heading ?? "Leergesprek"} — Koers` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  // 404 for a meeting that does not exist, 403 for one of another pair.
  const { meeting, role } = orRefuse(await meetingAccess(context.services.db, user.id, params.id ?? ""));
  await recordMeetingOpen(context.services.db, meeting.id, user.id, "page");
  const pair = await pairSummary(context.services, meeting.pair_id);
  const goals = await goalOptions(context.services, meeting.pair_id);
  const meetingDay = meeting.scheduled_at.slice(0, 10);
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
    report: await getReport(context.services, meeting.id),
    goals,
    panels: meetingPanels(meeting.kind, meeting.subkind),
    goalsDue: (await goalsDueBy(context.services, meeting.pair_id, meetingDay)).map((g) => ({ id: g.id, what: g.what, evaluateOn: g.evaluateOn, status: g.status })),
    consultFeedback: offersConsultFeedback(meeting) ? await feedbackOfMeeting(context.services, meeting.id) : null,
    today: amsterdamDate(Date.now()),
    // The clocks' first value: the server and the browser's first render then print the same time.
    renderedAt: Date.now(),
  };
}

/**
 * The meeting's forms: the report's workflow (submit, send back, confirm), the 3+3 reveal
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
    case "goalOnAgenda":
      return goalOnAgenda(context.services, { pairId: meeting.pair_id, userId: user.id, role }, meeting.id, String(form.goalId ?? ""));
  }
  const parsed = reviewSchema.safeParse(form);
  if (!parsed.success) return { ok: false, problem: "invalid" };
  return reviewAgreement(context.services, { pairId: meeting.pair_id, role, currentMeetingId: meeting.id }, parsed.data);
}

export default function MeetingPage() {
  const { meeting, lead: initialLead, pair, identity, previousAgreements, report, renderedAt, goals, panels, goalsDue, consultFeedback, today } = useLoaderData<typeof loader>();
  const revalidate = useQueuedRevalidate();
  // Agreements reviewed by the other person, or changed in another meeting, show up here live.
  useLiveRefresh({ pairId: pair.id }, revalidate);
  const { t, i18n } = useTranslation();
  const lead = useLead(initialLead);
  const [agendaItems, setAgendaItems] = useState<AgendaItemSummary[]>([]);
  const { people, selfId } = usePresence(meeting.id);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  // The server stopped serving this person (the session ended elsewhere, access lost): say so at the top and lock.
  const [docRefusal, setDocRefusal] = useState<Exclude<DocAccess, "ok"> | null>(null);
  const onRefusal = useCallback((reason: DocAccess) => setDocRefusal((current) => current ?? (reason === "ok" ? null : reason)), []);
  const liveRefusal = useLiveRefusal();
  const refusal = docRefusal ?? liveRefusal;
  // The server refused a change (a role rule, the size limit, a confirmed meeting): say why at the top and lock until it takes changes again.
  const [refusedChange, setRefusedChange] = useState<RefusedChange | null>(null);
  const locked = refusal !== null || refusedChange !== null;

  return (
    <WorkspaceContext.Provider value={{ role: identity.role, lead, agendaItems, setAgendaItems, locked, goals }}>
      {/* One fieldset: when locked, every button and field of the page is disabled at once (links still work). */}
      <fieldset className="meeting" disabled={locked} data-locked={locked || undefined}>
        <header className="meeting-header">
          <div className="meeting-title">
            <nav className="crumbs small" aria-label={t("meeting.breadcrumb")}>
              <Link to={`/pairs/${pair.id}`}>{pair.practiceName}</Link>
            </nav>
            <h1>{meeting.title ?? t(`meetingKinds.${meeting.kind}`)}</h1>
            <p className="muted meeting-facts">
              {/* Each fact stays whole when the line wraps. */}
              {[
                t(`meetingKinds.${meeting.kind}`),
                meeting.subkind ? t(`taakSubkinds.${meeting.subkind}`) : null,
                formatScheduled(meeting.scheduledAt, i18n.language),
                t("meetings.minutes", { count: meeting.plannedMinutes }),
              ]
                .filter((fact): fact is string => fact !== null)
                .map((fact, index) => (
                  <span key={index}>
                    {index > 0 ? " · " : null}
                    <span className="fact">{fact}</span>
                  </span>
                ))}
            </p>
          </div>
          <div className="meeting-aside">
            <PresenceList people={people} selfId={selfId} />
            <div className="row meeting-tools">
              {kindOf(meeting.kind).preparation && identity.role === "aios" && !report.readOnly ? <RevealPrepButton /> : null}
              <Link to={`/meetings/${meeting.id}/history`}>{t("history.link")}</Link>
              <Link to={`/meetings/${meeting.id}/opened`}>{t("yourData.audit.link")}</Link>
              {report.readOnly ? null : <SaveVersionForm meetingId={meeting.id} />}
            </div>
          </div>
        </header>
        <div className="meeting-sticky">
          {refusal ? <AccessRefusal reason={refusal} /> : null}
          {refusedChange && !refusal ? <RefusedChangeNotice refused={refusedChange} /> : null}
          <LeadBar renderedAt={renderedAt} />
        </div>
        <PreviousAgreements
          agreements={previousAgreements}
          action={`/meetings/${meeting.id}`}
          allowOnAgenda={initialLead.status !== "afgerond"}
          goalsDue={goalsDue}
          pairId={pair.id}
          today={today}
        />
        {panels.goals ? (
          <GoalsPanel
            pairId={pair.id}
            goals={goals.filter((g) => isOpenGoal(g.status)).map((g) => ({ id: g.id, what: g.what, evaluateOn: g.evaluateOn, status: g.status }))}
            onAgendaAction={initialLead.status !== "afgerond" && !report.readOnly ? `/meetings/${meeting.id}` : null}
            startOpen={panels.goals === "open"}
            today={today}
          />
        ) : null}
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
              onRefusal={onRefusal}
              onRefusedChange={setRefusedChange}
            />
          </Suspense>
        ) : (
          <p className="muted">{t("meeting.loadingEditor")}</p>
        )}
        {/* Below the editors: on a tablet the agenda and notes stay in view. */}
        {consultFeedback ? (
          <ConsultFeedbackPanel meetingId={meeting.id} forms={consultFeedback} role={identity.role} readOnly={report.readOnly} goals={goals} startOpen={panels.consultFeedback === "open"} />
        ) : null}
      </fieldset>
    </WorkspaceContext.Provider>
  );
}
