import { useTranslation } from "react-i18next";
import { COMPETENCY_AREAS, GOAL_LIMITS } from "../../goals/goal-forms";
import type { FieldErrors } from "../../forms/parse-form.server";

/** What a goal's text fields start with: a goal being edited, a suggestion being completed, or what was typed before a refusal. */
export interface GoalFieldValues {
  what?: string;
  why?: string;
  how?: string;
  evidence?: string;
  evaluateOn?: string;
  competency?: string | null;
}

/** The fields of a learning goal (what, why, how, how we know, evaluation date, competency area), each with its error. */
export function GoalTextFields({ idPrefix, values, errors = {} }: { idPrefix: string; values: GoalFieldValues; errors?: FieldErrors }) {
  const { t } = useTranslation();
  const area = (name: "why" | "how" | "evidence", label: string) => (
    <div className="field">
      <label htmlFor={`${idPrefix}-${name}`}>{label}</label>
      <textarea id={`${idPrefix}-${name}`} name={name} rows={2} maxLength={GOAL_LIMITS.max} defaultValue={values[name] ?? ""} aria-invalid={errors[name] ? true : undefined} />
      {errors[name] ? <small className="field-error">{t(errors[name]!, GOAL_LIMITS)}</small> : null}
    </div>
  );
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-what`}>{t("goals.what")}</label>
        <input id={`${idPrefix}-what`} name="what" required maxLength={GOAL_LIMITS.whatMax} defaultValue={values.what ?? ""} aria-invalid={errors.what ? true : undefined} />
        {errors.what ? <small className="field-error">{t(errors.what, { max: GOAL_LIMITS.whatMax })}</small> : null}
      </div>
      {area("why", t("goals.why"))}
      {area("how", t("goals.how"))}
      {area("evidence", t("goals.evidence"))}
      <div className="row">
        <div className="field">
          <label htmlFor={`${idPrefix}-evaluateOn`}>{t("goals.evaluateOn")}</label>
          <input id={`${idPrefix}-evaluateOn`} name="evaluateOn" type="date" required defaultValue={values.evaluateOn ?? ""} aria-invalid={errors.evaluateOn ? true : undefined} />
          {errors.evaluateOn ? <small className="field-error">{t(errors.evaluateOn)}</small> : null}
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-competency`}>{t("goals.competency")}</label>
          <select id={`${idPrefix}-competency`} name="competency" defaultValue={values.competency ?? ""}>
            <option value="">{t("goals.noCompetency")}</option>
            {COMPETENCY_AREAS.map((c) => (
              <option key={c} value={c}>
                {t(`goals.competencies.${c}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
    </>
  );
}
