import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { orRefuse, pairAccess } from "../auth/access.server";
import { requireSession } from "../auth/session.server";
import { parseForm, type FieldErrors } from "../forms/parse-form.server";
import { acceptSuggestion, createGoal, declineSuggestion, learningPlan, suggestGoal, type GoalProblem, type GoalView, type SuggestionView } from "../goals/goals.server";
import { declineSchema, goalTextSchema, isOpenGoal, suggestionSchema } from "../goals/goal-forms";
import { GoalTextFields } from "../components/goals/goal-text-fields";
import { useLiveRefresh } from "../live/use-live-refresh";
import { formatDate, formatDay } from "../meetings/format";
import { amsterdamDate } from "../norms/norms";

// Leerdoelen (issue #17): the aios's individual learning plan (IOP) for this pair's period.
// Both members see it; anyone else gets 403. Only the aios writes goals and accepts or declines
// a suggestion; the opleider suggests one. The domain functions check the role themselves.

export const meta: MetaFunction = () => [{ title: "Leerdoelen — Koers" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { pair, role } = orRefuse(await pairAccess(context.services.db, user.id, params.pairId ?? ""));
  const plan = await learningPlan(context.services, pair.id);
  return {
    pair: { id: pair.id, practiceName: pair.practice_name, startsOn: pair.starts_on, endsOn: pair.ends_on },
    role,
    today: amsterdamDate(Date.now()),
    ...plan,
  };
}

type ActionData = { ok: true; intent: string; at: number } | { ok: false; intent: string; problem?: GoalProblem | "invalid"; errors?: FieldErrors; values?: Record<string, string>; suggestionId?: string };

/** A role refusal is a 403 (the page never offers it); a form with mistakes comes back filled in. */
function refused(intent: string, problem: GoalProblem | "invalid") {
  const status = problem === "onlyAios" || problem === "onlyOpleider" ? 403 : problem === "notFound" ? 404 : problem === "invalid" ? 400 : 409;
  return json<ActionData>({ ok: false, intent, problem }, { status });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { pair, role } = orRefuse(await pairAccess(context.services.db, user.id, params.pairId ?? ""));
  const actor = { pairId: pair.id, userId: user.id, role };
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  switch (intent) {
    case "create": {
      if (role !== "aios") return refused(intent, "onlyAios");
      const parsed = parseForm(goalTextSchema, form);
      if (!parsed.ok) return json<ActionData>({ ok: false, intent, errors: parsed.errors, values: parsed.values });
      const result = await createGoal(context.services, actor, parsed.data);
      return result.ok ? json<ActionData>({ ok: true, intent, at: Date.now() }) : refused(intent, result.problem);
    }
    case "suggest": {
      if (role !== "opleider") return refused(intent, "onlyOpleider");
      const parsed = parseForm(suggestionSchema, form);
      if (!parsed.ok) return json<ActionData>({ ok: false, intent, errors: parsed.errors, values: parsed.values });
      const result = await suggestGoal(context.services, actor, parsed.data);
      return result.ok ? json<ActionData>({ ok: true, intent, at: Date.now() }) : refused(intent, result.problem);
    }
    case "accept": {
      if (role !== "aios") return refused(intent, "onlyAios");
      const suggestionId = String(form.get("suggestionId") ?? "");
      const parsed = parseForm(goalTextSchema, form);
      if (!parsed.ok) return json<ActionData>({ ok: false, intent, errors: parsed.errors, values: parsed.values, suggestionId });
      const result = await acceptSuggestion(context.services, actor, suggestionId, parsed.data);
      return result.ok ? json<ActionData>({ ok: true, intent, at: Date.now() }) : refused(intent, result.problem);
    }
    case "decline": {
      if (role !== "aios") return refused(intent, "onlyAios");
      const parsed = declineSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) return refused(intent, "invalid");
      const result = await declineSuggestion(context.services, actor, parsed.data.suggestionId, parsed.data.note);
      return result.ok ? json<ActionData>({ ok: true, intent, at: Date.now() }) : refused(intent, result.problem);
    }
  }
  return refused(intent, "invalid");
}

export default function LeerdoelenPage() {
  const { t, i18n } = useTranslation();
  const { pair, role, goals, suggestions, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const revalidator = useRevalidator();
  useLiveRefresh({ pairId: pair.id }, () => revalidator.revalidate());
  const open = goals.filter((g) => isOpenGoal(g.status));
  const closed = goals.filter((g) => !isOpenGoal(g.status));
  const openSuggestions = suggestions.filter((s) => s.status === "open");
  const decided = suggestions.filter((s) => s.status !== "open");
  return (
    <div className="stack-lg">
      <nav className="crumbs small" aria-label={t("meeting.breadcrumb")}>
        <Link to={`/pairs/${pair.id}`}>{pair.practiceName}</Link>
      </nav>
      <h1>{t("goals.pageTitle")}</h1>
      <p className="muted">{t("goals.intro")}</p>
      {pair.startsOn && pair.endsOn ? <p className="small muted">{t("goals.periodOf", { start: formatDate(pair.startsOn, i18n.language), end: formatDate(pair.endsOn, i18n.language) })}</p> : null}
      {result && !result.ok && result.problem ? (
        <p className="form-error" role="alert">
          {t(`goals.problems.${result.problem}`)}
        </p>
      ) : null}

      <section className="stack" aria-labelledby="goals-active">
        <h2 id="goals-active">{t("goals.active")}</h2>
        {open.length === 0 ? <p className="card muted">{role === "aios" ? t("goals.none") : t("goals.noneForOpleider")}</p> : <GoalCards pairId={pair.id} goals={open} today={today} />}
      </section>

      {openSuggestions.length > 0 ? (
        <section className="stack" aria-labelledby="goals-suggestions">
          <h2 id="goals-suggestions">{t("goals.suggestions")}</h2>
          {openSuggestions.map((s) => (
            <SuggestionCard key={s.id} suggestion={s} role={role} result={result} />
          ))}
        </section>
      ) : null}

      {role === "aios" ? <NewGoal result={result} /> : <SuggestGoal result={result} />}

      {closed.length > 0 ? (
        <section className="stack" aria-labelledby="goals-closed">
          <h2 id="goals-closed">{t("goals.closed")}</h2>
          <GoalCards pairId={pair.id} goals={closed} today={today} />
        </section>
      ) : null}
      {decided.length > 0 ? (
        <details className="card">
          <summary>{t("goals.suggestions")}</summary>
          <ul className="plain-list stack">
            {decided.map((s) => (
              <li key={s.id} className="small">
                <strong>{s.what}</strong> · {t("goals.suggestedBy", { name: s.suggestedBy ?? "", date: formatDay(s.suggestedAt.slice(0, 10), i18n.language) })} ·{" "}
                {s.status === "accepted" && s.goalId ? <Link to={`/pairs/${pair.id}/leerdoelen/${s.goalId}`}>{t("goals.accept")}</Link> : s.declineNote ? t("goals.declinedWith", { note: s.declineNote }) : t("goals.declined")}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

function GoalCards({ pairId, goals, today }: { pairId: string; goals: GoalView[]; today: string }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="plain-list goal-cards">
      {goals.map((g) => {
        const date = formatDay(g.evaluateOn, i18n.language);
        const overdue = isOpenGoal(g.status) && g.evaluateOn < today;
        return (
          <li key={g.id} className="card goal-card" data-testid="goal-card">
            <div className="row goal-card-head">
              <Link to={`/pairs/${pairId}/leerdoelen/${g.id}`} className="goal-card-title">
                {g.what}
              </Link>
              <span className={`badge status-${g.status}`}>{t(`goals.statuses.${g.status}`)}</span>
            </div>
            <p className="small muted">
              {g.competency ? `${t(`goals.competencies.${g.competency}`)} · ` : null}
              <span className={overdue ? "due overdue" : undefined}>{overdue ? t("goals.evaluateOverdue", { date }) : t("goals.evaluateBy", { date })}</span>
            </p>
            {g.how ? (
              <p className="small">
                <span className="muted">{t("goals.how")}</span> {g.how}
              </p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function NewGoal({ result }: { result: ActionData | undefined }) {
  const { t } = useTranslation();
  const busy = useNavigation().state !== "idle";
  const mine = result?.intent === "create" ? result : undefined;
  const failed = mine && !mine.ok ? mine : undefined;
  return (
    // A new key after a saved goal empties the form.
    <details className="card" open={failed ? true : undefined} key={mine?.ok ? mine.at : "new"}>
      <summary>
        <h2 className="inline-heading">{t("goals.new")}</h2>
      </summary>
      <p className="muted small">{t("goals.newIntro")}</p>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="create" />
        <GoalTextFields idPrefix="new-goal" values={failed?.values ?? {}} errors={failed?.errors} />
        <button type="submit" disabled={busy}>
          {t("goals.create")}
        </button>
      </Form>
    </details>
  );
}

function SuggestGoal({ result }: { result: ActionData | undefined }) {
  const { t } = useTranslation();
  const busy = useNavigation().state !== "idle";
  const mine = result?.intent === "suggest" ? result : undefined;
  const failed = mine && !mine.ok ? mine : undefined;
  return (
    <details className="card" open={failed ? true : undefined} key={mine?.ok ? mine.at : "suggest"}>
      <summary>
        <h2 className="inline-heading">{t("goals.suggest")}</h2>
      </summary>
      <p className="muted small">{t("goals.suggestIntro")}</p>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="suggest" />
        <div className="field">
          <label htmlFor="suggest-what">{t("goals.what")}</label>
          <input id="suggest-what" name="what" required defaultValue={failed?.values?.what ?? ""} />
          {failed?.errors?.what ? <small className="field-error">{t(failed.errors.what, { max: 300 })}</small> : null}
        </div>
        <div className="field">
          <label htmlFor="suggest-why">{t("goals.why")}</label>
          <textarea id="suggest-why" name="why" rows={2} defaultValue={failed?.values?.why ?? ""} />
        </div>
        <button type="submit" disabled={busy}>
          {t("goals.suggestSubmit")}
        </button>
      </Form>
    </details>
  );
}

function SuggestionCard({ suggestion: s, role, result }: { suggestion: SuggestionView; role: string; result: ActionData | undefined }) {
  const { t, i18n } = useTranslation();
  const busy = useNavigation().state !== "idle";
  const failed = result && !result.ok && result.intent === "accept" && result.suggestionId === s.id ? result : undefined;
  return (
    <article className="card stack suggestion" data-testid="goal-suggestion">
      <p>
        <strong>{s.what}</strong>
        {s.why ? <span className="muted"> — {s.why}</span> : null}
      </p>
      <p className="small muted">{t("goals.suggestedBy", { name: s.suggestedBy ?? "", date: formatDay(s.suggestedAt.slice(0, 10), i18n.language) })}</p>
      {role === "aios" ? (
        <div className="row">
          <details open={failed ? true : undefined}>
            <summary className="button-like">{t("goals.accept")}</summary>
            <p className="muted small">{t("goals.acceptIntro")}</p>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="accept" />
              <input type="hidden" name="suggestionId" value={s.id} />
              <GoalTextFields idPrefix={`accept-${s.id}`} values={failed?.values ?? { what: s.what, why: s.why }} errors={failed?.errors} />
              <button type="submit" disabled={busy}>
                {t("goals.create")}
              </button>
            </Form>
          </details>
          <details>
            <summary className="button-like secondary">{t("goals.decline")}</summary>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="decline" />
              <input type="hidden" name="suggestionId" value={s.id} />
              <div className="field">
                <label htmlFor={`decline-${s.id}`}>{t("goals.declineNote")}</label>
                <input id={`decline-${s.id}`} name="note" />
              </div>
              <button type="submit" className="secondary" disabled={busy}>
                {t("goals.decline")}
              </button>
            </Form>
          </details>
        </div>
      ) : (
        <p className="small muted">{t("goals.waitingForAios")}</p>
      )}
    </article>
  );
}
