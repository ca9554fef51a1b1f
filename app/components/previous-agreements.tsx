import { useFetcher } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { OpenAgreementView } from "../agreements/open-agreements.server";
import { formatDay, formatScheduled } from "../meetings/format";
import { GoalList, type GoalLine } from "./goals/goals-on-agenda";

/**
 * "Vorige afspraken": the pair's open agreements from earlier meetings, earliest follow-up
 * first, overdue marked. Each can be closed, dropped, given a new date or put on this
 * meeting's agenda; the change is made in the earlier meeting's document too.
 * In a meeting it is folded to one line (how many, how many overdue) until opened, so that on
 * a tablet the editors stay in view; on "Voorbereiden", where it is the page, it starts open.
 * Either way it stays open or closed as the person left it.
 */
export function PreviousAgreements({
  agreements,
  action,
  allowOnAgenda,
  startOpen = false,
  goalsDue = [],
  pairId,
  today = "",
}: {
  agreements: OpenAgreementView[];
  action: string;
  allowOnAgenda: boolean;
  startOpen?: boolean;
  /** The aios's open learning goals due for evaluation by this meeting (issue #17). */
  goalsDue?: GoalLine[];
  pairId?: string;
  today?: string;
}) {
  const { t } = useTranslation();
  if (agreements.length === 0 && goalsDue.length === 0) return null;
  const overdue = agreements.filter((a) => a.overdue).length;
  return (
    <details className="card previous-agreements" data-testid="previous-agreements" open={startOpen}>
      <summary>
        <h2 id="previous-title">{t("review.title", { count: agreements.length })}</h2>
        {goalsDue.length ? <span className="due">{t("goals.dueCount", { count: goalsDue.length })}</span> : null}
        {overdue ? <span className="due overdue">{t("meetingPage.overdueCount", { count: overdue })}</span> : null}
        <span className="summary-hint muted small" aria-hidden="true">
          <span className="when-closed">{t("meetingPage.showReview")}</span>
          <span className="when-open">{t("meetingPage.hideReview")}</span>
        </span>
      </summary>
      <ul className="plain-list" aria-labelledby="previous-title">
        {agreements.map((a) => (
          <PreviousAgreement key={`${a.meetingId}/${a.id}`} agreement={a} action={action} allowOnAgenda={allowOnAgenda} />
        ))}
      </ul>
      {goalsDue.length && pairId ? (
        <section className="goals-due" data-testid="goals-due">
          <h3>{t("goals.due")}</h3>
          <GoalList pairId={pairId} goals={goalsDue} onAgendaAction={allowOnAgenda ? action : null} today={today} />
        </section>
      ) : null}
    </details>
  );
}

function PreviousAgreement({ agreement: a, action, allowOnAgenda }: { agreement: OpenAgreementView; action: string; allowOnAgenda: boolean }) {
  const { t, i18n } = useTranslation();
  const fetcher = useFetcher<{ ok: boolean; problem?: string }>();
  const [date, setDate] = useState(a.followUpDate ?? "");
  const busy = fetcher.state !== "idle";
  return (
    <li className={`previous-agreement${a.overdue ? " is-overdue" : ""}`} data-testid="previous-agreement">
      <div className="previous-agreement-text">
        <strong>{a.text}</strong>
        <span className="muted small">
          {" "}
          · {t(`agreements.owners.${a.owner}`)} · {t("review.madeIn", { meeting: a.meeting.title ?? t(`meetingKinds.${a.meeting.kind}`), date: formatScheduled(a.meeting.scheduledAt, i18n.language) })}
        </span>
        {a.followUpDate ? (
          <span className={a.overdue ? "due overdue" : "due"}>
            {a.overdue ? t("review.overdue", { date: formatDay(a.followUpDate, i18n.language) }) : t("review.due", { date: formatDay(a.followUpDate, i18n.language) })}
          </span>
        ) : null}
      </div>
      {/* One form: each button submits its own intent; the date goes along and counts only for "newDate". */}
      <fetcher.Form method="post" action={action} className="row previous-agreement-actions">
        <input type="hidden" name="agreementMeetingId" value={a.meetingId} />
        <input type="hidden" name="agreementId" value={a.id} />
        <button type="submit" name="intent" value="afgerond" className="small-button" disabled={busy} aria-label={t("review.doneFor", { text: a.text })}>
          {t("review.done")}
        </button>
        <button type="submit" name="intent" value="vervallen" className="small-button secondary" disabled={busy} aria-label={t("review.dropFor", { text: a.text })}>
          {t("review.drop")}
        </button>
        <span className="inline-field">
          <label className="visually-hidden" htmlFor={`date-${a.meetingId}-${a.id}`}>
            {t("review.newDateFor", { text: a.text })}
          </label>
          <input id={`date-${a.meetingId}-${a.id}`} type="date" name="followUpDate" value={date} onChange={(e) => setDate(e.target.value)} />
          <button type="submit" name="intent" value="newDate" className="small-button secondary" disabled={busy || !date || date === a.followUpDate}>
            {t("review.newDate")}
          </button>
        </span>
        {allowOnAgenda ? (
          <button type="submit" name="intent" value="onAgenda" className="small-button secondary" disabled={busy} aria-label={t("review.onAgendaFor", { text: a.text })}>
            {t("review.onAgenda")}
          </button>
        ) : null}
      </fetcher.Form>
      {fetcher.data && !fetcher.data.ok ? (
        <p className="form-error small" role="alert">
          {t(`review.problems.${fetcher.data.problem ?? "unknownAgreement"}`)}
        </p>
      ) : null}
    </li>
  );
}
