import { useTranslation } from "react-i18next";
import { formatDay } from "../../meetings/format";
import { itemsInOrder, type ConsultFeedbackEntry } from "../../consult-feedback/feedback-content";

/**
 * One feedback form read-only, as a version and the printed verslag show it: the consult, the
 * learning question, every part that was scored or commented on, the overall feedback and the
 * leerpunten with what each became. Text only: React escapes it.
 */
export function FeedbackSummary({ entry }: { entry: ConsultFeedbackEntry }) {
  const { t, i18n } = useTranslation();
  const given = itemsInOrder(entry).filter((item) => item.score !== null || item.comment.trim());
  return (
    <div className="feedback-summary" data-testid="feedback-summary">
      <strong>{entry.consultDate ? t("consultFeedback.consultOn", { date: formatDay(entry.consultDate, i18n.language) }) : t("consultFeedback.consultUndated")}</strong>
      {entry.description ? <span> — {entry.description}</span> : null}
      {entry.learningQuestion ? (
        <p className="small">
          <span className="muted">{t("consultFeedback.learningQuestion")}:</span> {entry.learningQuestion}
        </p>
      ) : null}
      {given.length ? (
        <ul className="small feedback-summary-items">
          {given.map((item) => (
            <li key={item.id}>
              {t(`consultFeedback.items.${item.id}.label`)}: <strong>{item.score === null ? t("consultFeedback.notScored") : t(`consultFeedback.scores.${item.score}`)}</strong>
              {item.comment.trim() ? <span> — {item.comment}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {entry.overall.trim() ? (
        <p className="small">
          <span className="muted">{t("consultFeedback.overall")}:</span> {entry.overall}
        </p>
      ) : null}
      {entry.leerpunten.length ? (
        <>
          <p className="small muted">{t("consultFeedback.leerpunten")}</p>
          <ul className="small">
            {entry.leerpunten.map((l) => (
              <li key={l.id}>
                {l.text}
                {l.agreementId ? <span className="muted"> · {t("consultFeedback.leerpuntBecame.agreement")}</span> : null}
                {l.goalId ? <span className="muted"> · {t("consultFeedback.leerpuntBecame.goal")}</span> : null}
                {l.suggestionId && !l.goalId ? <span className="muted"> · {t("consultFeedback.leerpuntBecame.suggestion")}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
