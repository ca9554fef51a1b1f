import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { orRefuse, pairAccess } from "../auth/access.server";
import { requireSession } from "../auth/session.server";
import { parseForm, type FieldErrors } from "../forms/parse-form.server";
import { changeGoalStatus, commentOnGoal, editGoal, goalDetail, type GoalEventView, type GoalProblem } from "../goals/goals.server";
import { GOAL_STATUSES, editGoalSchema, goalCommentSchema, goalStatusSchema } from "../goals/goal-forms";
import { GoalTextFields } from "../components/goals/goal-text-fields";
import { useLiveRefresh } from "../live/use-live-refresh";
import { formatDay, formatInstant, formatScheduled } from "../meetings/format";

// One learning goal (issue #17): what, why, how, how we know, its evaluation date and area; its
// status with the history of every change and comment; the agreements towards it and the
// meetings it was discussed in. The aios edits and moves the status; both comment.

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.goal.what ?? "Leerdoel"} — Koers` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { pair, role } = orRefuse(await pairAccess(context.services.db, user.id, params.pairId ?? ""));
  const detail = await goalDetail(context.services, pair.id, params.goalId ?? "");
  if (!detail) throw new Response("Not found", { status: 404 });
  return { pair: { id: pair.id, practiceName: pair.practice_name }, role, ...detail };
}

type ActionData = { ok: true; intent: string; at: number } | { ok: false; intent: string; problem?: GoalProblem | "invalid"; errors?: FieldErrors; values?: Record<string, string> };

function refused(intent: string, problem: GoalProblem | "invalid") {
  const status = problem === "onlyAios" || problem === "onlyOpleider" ? 403 : problem === "notFound" ? 404 : problem === "invalid" ? 400 : 409;
  return json<ActionData>({ ok: false, intent, problem }, { status });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { pair, role } = orRefuse(await pairAccess(context.services.db, user.id, params.pairId ?? ""));
  const actor = { pairId: pair.id, userId: user.id, role };
  const goalId = params.goalId ?? "";
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const done = (result: { ok: true } | { ok: false; problem: GoalProblem }) => (result.ok ? json<ActionData>({ ok: true, intent, at: Date.now() }) : refused(intent, result.problem));
  switch (intent) {
    case "edit": {
      if (role !== "aios") return refused(intent, "onlyAios");
      const parsed = parseForm(editGoalSchema, form);
      if (!parsed.ok) return json<ActionData>({ ok: false, intent, errors: parsed.errors, values: parsed.values });
      const { revision, ...text } = parsed.data;
      const result = await editGoal(context.services, actor, goalId, revision, text);
      // A change made meanwhile: the form comes back with what was typed, over the new text.
      if (!result.ok && result.problem === "changedMeanwhile") return json<ActionData>({ ok: false, intent, problem: result.problem, values: Object.fromEntries([...form].map(([k, v]) => [k, String(v)])) });
      return done(result);
    }
    case "status": {
      if (role !== "aios") return refused(intent, "onlyAios");
      const parsed = parseForm(goalStatusSchema, form);
      if (!parsed.ok) return json<ActionData>({ ok: false, intent, errors: parsed.errors, values: parsed.values });
      return done(await changeGoalStatus(context.services, actor, goalId, parsed.data.from, parsed.data.to, parsed.data.note));
    }
    case "comment": {
      const parsed = parseForm(goalCommentSchema, form);
      if (!parsed.ok) return json<ActionData>({ ok: false, intent, errors: parsed.errors, values: parsed.values });
      return done(await commentOnGoal(context.services, actor, goalId, parsed.data.text));
    }
  }
  return refused(intent, "invalid");
}

export default function GoalPage() {
  const { t, i18n } = useTranslation();
  const { pair, role, goal, events, agreements, meetings } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const revalidator = useRevalidator();
  useLiveRefresh({ pairId: pair.id }, () => revalidator.revalidate());
  const failed = result && !result.ok ? result : undefined;
  const failedOf = (intent: string) => (failed?.intent === intent ? failed : undefined);
  const meetingName = (m: { title: string | null; kind: string }) => m.title ?? t(`meetingKinds.${m.kind}`);
  return (
    <div className="stack-lg">
      <nav className="crumbs small" aria-label={t("meeting.breadcrumb")}>
        <Link to={`/pairs/${pair.id}`}>{pair.practiceName}</Link> › <Link to={`/pairs/${pair.id}/leerdoelen`}>{t("goals.title")}</Link>
      </nav>
      <div className="row goal-card-head">
        <h1>{goal.what}</h1>
        <span className={`badge status-${goal.status}`} data-testid="goal-status">
          {t(`goals.statuses.${goal.status}`)}
        </span>
      </div>
      {failed?.problem ? (
        <p className="form-error" role="alert">
          {t(`goals.problems.${failed.problem}`)}
        </p>
      ) : null}
      <dl className="goal-facts card">
        <dt>{t("goals.why")}</dt>
        <dd>{goal.why || <span className="muted">{t("goals.notFilledIn")}</span>}</dd>
        <dt>{t("goals.how")}</dt>
        <dd>{goal.how || <span className="muted">{t("goals.notFilledIn")}</span>}</dd>
        <dt>{t("goals.evidence")}</dt>
        <dd>{goal.evidence || <span className="muted">{t("goals.notFilledIn")}</span>}</dd>
        <dt>{t("goals.evaluateOn")}</dt>
        <dd>{formatDay(goal.evaluateOn, i18n.language)}</dd>
        {goal.competency ? (
          <>
            <dt>{t("goals.competency")}</dt>
            <dd>{t(`goals.competencies.${goal.competency}`)}</dd>
          </>
        ) : null}
      </dl>

      {role === "aios" ? (
        <div className="goal-actions stack">
          <details className="card" open={failedOf("edit") ? true : undefined} key={result?.ok && result.intent === "edit" ? result.at : "edit"}>
            <summary>
              <h2 className="inline-heading">{t("goals.edit")}</h2>
            </summary>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="edit" />
              <input type="hidden" name="revision" value={goal.revision} />
              <GoalTextFields idPrefix="edit-goal" values={failedOf("edit")?.values ?? goal} errors={failedOf("edit")?.errors} />
              <button type="submit" disabled={busy}>
                {t("goals.save")}
              </button>
            </Form>
          </details>
          <Form method="post" className="card stack" key={result?.ok && result.intent === "status" ? result.at : "status"}>
            <h2>{t("goals.statusTitle")}</h2>
            <input type="hidden" name="intent" value="status" />
            <input type="hidden" name="from" value={goal.status} />
            <div className="row">
              <div className="field">
                <label htmlFor="goal-status-to">{t("goals.newStatus")}</label>
                <select id="goal-status-to" name="to" defaultValue={goal.status}>
                  {GOAL_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`goals.statuses.${s}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field grow">
                <label htmlFor="goal-status-note">{t("goals.statusNote")}</label>
                <input id="goal-status-note" name="note" />
              </div>
            </div>
            <button type="submit" disabled={busy}>
              {t("goals.changeStatus")}
            </button>
          </Form>
        </div>
      ) : null}

      <section className="card stack" aria-labelledby="goal-agreements">
        <h2 id="goal-agreements">{t("goals.agreements")}</h2>
        {agreements.length === 0 ? (
          <p className="muted">{t("goals.noAgreements")}</p>
        ) : (
          <ul className="plain-list stack" data-testid="goal-agreements">
            {agreements.map((a) => (
              <li key={`${a.meetingId}/${a.id}`}>
                <span className={`agreement-line status-${a.status}`}>{a.text}</span>{" "}
                <span className="small muted">
                  · {t(`agreements.owners.${a.owner}`)} · {t(`agreements.statuses.${a.status}`)} ·{" "}
                  <Link to={`/meetings/${a.meeting.id}`}>{t("goals.fromMeeting", { meeting: meetingName(a.meeting), date: formatScheduled(a.meeting.scheduledAt, i18n.language) })}</Link>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card stack" aria-labelledby="goal-meetings">
        <h2 id="goal-meetings">{t("goals.meetings")}</h2>
        {meetings.length === 0 ? (
          <p className="muted">{t("goals.noMeetings")}</p>
        ) : (
          <ul className="plain-list" data-testid="goal-meetings">
            {meetings.map((m) => (
              <li key={m.id}>
                <Link to={`/meetings/${m.id}`}>{meetingName(m)}</Link> <span className="small muted">{formatScheduled(m.scheduledAt, i18n.language)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card stack" aria-labelledby="goal-history">
        <h2 id="goal-history">{t("goals.history")}</h2>
        <ol className="plain-list stack goal-history" data-testid="goal-history">
          {events.map((e) => (
            <GoalEvent key={e.id} event={e} />
          ))}
        </ol>
        <Form method="post" className="stack" key={result?.ok && result.intent === "comment" ? result.at : "comment"}>
          <input type="hidden" name="intent" value="comment" />
          <div className="field">
            <label htmlFor="goal-comment">{t("goals.commentLabel")}</label>
            <textarea id="goal-comment" name="text" rows={2} required defaultValue={failedOf("comment")?.values?.text ?? ""} />
            {failedOf("comment")?.errors?.text ? <small className="field-error">{t(failedOf("comment")!.errors!.text!, { max: 2000 })}</small> : null}
          </div>
          <button type="submit" disabled={busy}>
            {t("goals.addComment")}
          </button>
        </Form>
      </section>
    </div>
  );
}

function GoalEvent({ event: e }: { event: GoalEventView }) {
  const { t, i18n } = useTranslation();
  const name = e.byName ?? t(`roles.${e.byRole}`);
  const what =
    e.kind === "created"
      ? e.source?.startsWith("suggestion:")
        ? t("goals.events.fromSuggestion", { name, by: t("roles.opleider") })
        : e.source?.startsWith("feedback:")
          ? t("goals.events.fromLeerpunt", { name })
          : t("goals.events.created", { name })
      : e.kind === "edited"
        ? t("goals.events.edited", { name })
        : e.kind === "status"
          ? t("goals.events.status", { name, from: e.from ? t(`goals.statuses.${e.from}`) : "", to: e.to ? t(`goals.statuses.${e.to}`) : "" })
          : t("goals.events.comment", { name });
  return (
    <li className={`goal-event kind-${e.kind}`} data-testid="goal-event">
      <span className="small muted">{formatInstant(e.at, i18n.language)}</span> {what}
      {e.text ? <p className="goal-event-text">{e.text}</p> : null}
    </li>
  );
}
