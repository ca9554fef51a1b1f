import { Link, useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDay } from "../../meetings/format";

/** A goal as the meeting page and "Voorbereiden" list it. */
export interface GoalLine {
  id: string;
  what: string;
  evaluateOn: string;
  status: string;
}

/**
 * A list of learning goals with a link to each and, in a meeting that is still open, a
 * button that puts the goal on this meeting's agenda (an agenda item tied to the goal, once).
 */
export function GoalList({ pairId, goals, onAgendaAction, today }: { pairId: string; goals: GoalLine[]; onAgendaAction: string | null; today: string }) {
  return (
    <ul className="plain-list stack goal-lines">
      {goals.map((g) => (
        <GoalLineItem key={g.id} pairId={pairId} goal={g} onAgendaAction={onAgendaAction} today={today} />
      ))}
    </ul>
  );
}

function GoalLineItem({ pairId, goal, onAgendaAction, today }: { pairId: string; goal: GoalLine; onAgendaAction: string | null; today: string }) {
  const { t, i18n } = useTranslation();
  const fetcher = useFetcher<{ ok: boolean; problem?: string }>();
  const date = formatDay(goal.evaluateOn, i18n.language);
  return (
    <li className="goal-line" data-testid="goal-line">
      <Link to={`/pairs/${pairId}/leerdoelen/${goal.id}`}>{goal.what}</Link>{" "}
      <span className={`due small${goal.evaluateOn < today ? " overdue" : ""}`}>{goal.evaluateOn < today ? t("goals.evaluateOverdue", { date }) : t("goals.evaluateBy", { date })}</span>
      {onAgendaAction ? (
        <fetcher.Form method="post" action={onAgendaAction} className="inline-form">
          <input type="hidden" name="intent" value="goalOnAgenda" />
          <input type="hidden" name="goalId" value={goal.id} />
          <button type="submit" className="small-button secondary" disabled={fetcher.state !== "idle" || fetcher.data?.ok === true} aria-label={t("goals.onAgendaFor", { what: goal.what })}>
            {fetcher.data?.ok ? t("review.onAgendaDone") : t("goals.onAgenda")}
          </button>
          {fetcher.data && !fetcher.data.ok ? (
            <small className="field-error" role="alert">
              {t(`goals.problems.${fetcher.data.problem}`, { defaultValue: t("goals.problems.invalid") })}
            </small>
          ) : null}
        </fetcher.Form>
      ) : null}
    </li>
  );
}

/** The meeting page's panel of the aios's open goals (a voortgangsgesprek, an ILP-bespreking open it). */
export function GoalsPanel({ pairId, goals, onAgendaAction, startOpen, today }: { pairId: string; goals: GoalLine[]; onAgendaAction: string | null; startOpen: boolean; today: string }) {
  const { t } = useTranslation();
  return (
    <details className="card goals-panel" open={startOpen || undefined} data-testid="goals-panel">
      <summary>
        <h2 className="inline-heading">{t("goals.panelTitle")}</h2>
      </summary>
      <p className="muted small">
        {t("goals.panelIntro")} <Link to={`/pairs/${pairId}/leerdoelen`}>{t("goals.link")}</Link>
      </p>
      {goals.length === 0 ? <p className="muted">{t("goals.none")}</p> : <GoalList pairId={pairId} goals={goals} onAgendaAction={onAgendaAction} today={today} />}
    </details>
  );
}
