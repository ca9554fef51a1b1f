import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { orRefuse, pairAccess } from "../auth/access.server";
import { requireSession } from "../auth/session.server";
import { createInvite, InviteError } from "../pairs/pairs.server";
import { cancelMeeting, planMeeting } from "../meetings/meetings.server";
import { scheduleMeetingSchema } from "../meetings/meeting-forms";
import { pairDashboard } from "../pairs/dashboard.server";
import { AgreementGroups } from "../components/agreement-groups";
import { NormsPanel } from "../components/norms-panel";
import { currentPairCookie } from "../pairs/current-pair.server";
import { parseForm } from "../forms/parse-form.server";
import { CopyField } from "../components/copy-field";
import { MeetingList } from "../components/meeting-list";
import { ScheduleMeetingForm } from "../components/schedule-meeting-form";
import { CancelMeetingButton } from "../components/cancel-meeting-dialog";
import { formatDate, formatScheduled } from "../meetings/format";
import { useLiveRefresh } from "../live/use-live-refresh";
import { Field } from "../forms/field";
import { inviteEmailSchema } from "../mail/mail-forms";
import { mailInvite } from "../mail/mail-notices.server";
import { languageFromCookie } from "../i18n/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.pair.practice_name ?? "Koppel"} — Koers` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { pair, role } = orRefuse(await pairAccess(context.services.db, user.id, params.pairId ?? ""));
  const { members, meetings, agreements, norms } = await pairDashboard(context.services, pair);
  // Remember the pair last opened: the home page goes straight to it.
  const headers = { "Set-Cookie": await currentPairCookie.serialize(pair.id) };
  return json({ pair, role, members, meetings, agreements, norms, userId: user.id }, { headers });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { pair, role } = orRefuse(await pairAccess(context.services.db, user.id, params.pairId ?? ""));
  const form = await request.formData();

  if (form.get("intent") === "cancelMeeting") {
    // Either member, for a meeting that has not taken place; the dialog asked for confirmation.
    const cancelled = await cancelMeeting(context.services, { pairId: pair.id }, String(form.get("meetingId") ?? ""));
    const noForm = { inviteLink: null, inviteProblem: null, inviteMail: null, errors: {}, values: {} };
    return cancelled.ok
      ? { ...noForm, cancelled: { kind: cancelled.meeting.kind, title: cancelled.meeting.title, scheduledAt: cancelled.meeting.scheduled_at }, cancelProblem: null }
      : { ...noForm, cancelled: null, cancelProblem: cancelled.problem };
  }

  if (form.get("intent") === "invite") {
    // The e-mail address is optional: the link is always shown to copy, and mailed when one is given.
    const email = parseForm(inviteEmailSchema, form);
    if (!email.ok) return { inviteLink: null, inviteProblem: null, inviteMail: null, errors: email.errors, values: email.values };
    try {
      const token = await createInvite(context.services, pair.id, user.id);
      const link = `${new URL(request.url).origin}/invite/${token}`;
      const to = email.data.email;
      const mailed = to
        ? await mailInvite(context.services, { token, pairId: pair.id, inviterId: user.id, email: to, language: languageFromCookie(request.headers.get("Cookie")) })
        : null;
      return { inviteLink: link, inviteProblem: null, inviteMail: mailed && to ? { status: mailed, email: to } : null, errors: {}, values: {} };
    } catch (error) {
      if (!(error instanceof InviteError)) throw error;
      return { inviteLink: null, inviteProblem: error.problem, inviteMail: null, errors: {}, values: email.data.email ? { email: email.data.email } : {} };
    }
  }

  const parsed = parseForm(scheduleMeetingSchema, form);
  if (!parsed.ok) return { inviteLink: null, inviteProblem: null, inviteMail: null, errors: parsed.errors, values: parsed.values };
  const meeting = await planMeeting(context.services, { pairId: pair.id, userId: user.id, role }, parsed.data);
  return redirect(`/meetings/${meeting.id}`);
}

export default function PairPage() {
  const { t, i18n } = useTranslation();
  const { pair, role, members, meetings, agreements, norms } = useLoaderData<typeof loader>();
  const next = meetings.upcoming[0] ?? null;
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const revalidator = useRevalidator();
  useLiveRefresh({ pairId: pair.id }, () => revalidator.revalidate());
  const complete = members.length >= 2;

  return (
    <div className="pair-page">
      <header className="page-header">
        <div>
          <p className="muted small">{t("pairs.kicker", { year: pair.training_year })}</p>
          <h1>{pair.practice_name}</h1>
          <p className="muted">
            {t("pairs.period", { start: formatDate(pair.starts_on, i18n.language), end: formatDate(pair.ends_on, i18n.language) })} · {t("pairs.youAre", { role: t(`roles.${role}`) })}
          </p>
        </div>
        <nav className="pair-nav row" aria-label={t("goals.pairNav")}>
          <Link className="button secondary" to={`/pairs/${pair.id}/leerdoelen`} data-testid="goals-link">
            {t("goals.link")}
          </Link>
        </nav>
      </header>

      <div className="two-columns">
        <div className="stack-lg">
          <section className="card next-meeting" aria-labelledby="next-title">
            <h2 id="next-title">{t("dashboard.next")}</h2>
            {next ? (
              <>
                <MeetingList meetings={[next]} empty="" />
                <p className="row">
                  <Link className="button" to={`/meetings/${next.id}`}>
                    {t("dashboard.openMeeting")}
                  </Link>
                  <Link to={`/pairs/${pair.id}/review`}>{t("dashboard.prepare")}</Link>
                </p>
              </>
            ) : (
              <p className="muted">{t("meetings.noneUpcoming")}</p>
            )}
          </section>
          <section className="card" aria-labelledby="open-agreements-title" data-testid="dashboard-agreements">
            <h2 id="open-agreements-title">{t("dashboard.openAgreements")}</h2>
            <AgreementGroups groups={agreements} />
          </section>
          <section className="card" aria-labelledby="upcoming-title">
            <h2 id="upcoming-title">{t("meetings.upcoming")}</h2>
            {result && "cancelled" in result && result.cancelled ? (
              <p className="notice" role="status" data-testid="meeting-cancelled">
                {t("safety.cancelMeeting.done", {
                  what: result.cancelled.title ?? t(`meetingKinds.${result.cancelled.kind}`),
                  when: formatScheduled(result.cancelled.scheduledAt, i18n.language),
                })}
              </p>
            ) : null}
            {result && "cancelProblem" in result && result.cancelProblem ? (
              <p className="form-error" role="alert">
                {t(`safety.cancelMeeting.problems.${result.cancelProblem}`)}
              </p>
            ) : null}
            <MeetingList
              meetings={meetings.upcoming}
              empty={t("meetings.noneUpcoming")}
              actions={(m) => (m.status === "gepland" ? <CancelMeetingButton meeting={m} busy={busy} /> : null)}
            />
          </section>
          <section className="card" aria-labelledby="schedule-title">
            <h2 id="schedule-title">{t("meetings.schedule")}</h2>
            <ScheduleMeetingForm errors={result?.errors ?? {}} values={result?.values ?? {}} busy={busy} />
          </section>
          <section className="card" aria-labelledby="past-title">
            <h2 id="past-title">{t("meetings.past")}</h2>
            <MeetingList meetings={meetings.past} empty={t("meetings.nonePast")} />
          </section>
        </div>

        <aside className="stack-lg">
          <NormsPanel result={norms} settingsHref={`/pairs/${pair.id}/settings`} />
          <section className="card" aria-labelledby="members-title">
            <h2 id="members-title">{t("pairs.members")}</h2>
            <ul className="plain-list" data-testid="pair-members">
              {members.map((m) => (
                <li key={m.user_id}>
                  <span className={`role-badge role-${m.role}`}>{t(`roles.${m.role}`)}</span> {m.name}
                </li>
              ))}
            </ul>
            {complete ? null : (
              <div className="stack">
                <p className="muted small">{t("pairs.inviteIntro", { role: t(`roles.${role === "aios" ? "opleider" : "aios"}`) })}</p>
                {result?.inviteLink ? (
                  <CopyField label={t("pairs.inviteLink")} value={result.inviteLink} hint={t("pairs.inviteValid")} testId="invite-link" />
                ) : null}
                {result?.inviteMail ? (
                  <p className={result.inviteMail.status === "queued" ? "notice" : "form-error"} role="status" data-testid="invite-mail-status">
                    {t(`inviteMail.${result.inviteMail.status}`, { email: result.inviteMail.email })}
                  </p>
                ) : null}
                {result?.inviteProblem ? (
                  <p className="form-error" role="alert">
                    {t(`invite.errors.${result.inviteProblem}`)}
                  </p>
                ) : null}
                <Form method="post" className="stack" noValidate>
                  <input type="hidden" name="intent" value="invite" />
                  <Field
                    name="email"
                    id="invite-email"
                    type="email"
                    autoComplete="off"
                    label={t("inviteMail.emailLabel")}
                    hint={t("inviteMail.emailHint")}
                    error={result?.inviteLink ? undefined : (result?.errors as Partial<Record<string, string>> | undefined)?.email}
                    defaultValue={result?.inviteLink ? "" : (result?.values as Partial<Record<string, string>> | undefined)?.email}
                    key={result?.inviteLink ?? "invite-email"}
                  />
                  <button type="submit" className={result?.inviteLink ? "secondary" : undefined} disabled={busy}>
                    {result?.inviteLink ? t("pairs.newInvite") : t("pairs.invite")}
                  </button>
                </Form>
              </div>
            )}
          </section>
          <p>
            <Link to="/?all">{t("pairs.allPairs")}</Link>
          </p>
        </aside>
      </div>
    </div>
  );
}
