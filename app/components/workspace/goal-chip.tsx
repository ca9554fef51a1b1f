import { useTranslation } from "react-i18next";
import { useWorkspace } from "./workspace-context";

/**
 * The learning goal an agenda item or agreement works towards (its `goalId` attribute in the
 * shared document): a picker of the aios's open goals, "Geen leerdoel" to untie it. A goal that
 * was reached or stopped since stays named but cannot be picked anew. Either member may tie an
 * item to a goal; the goals themselves are the aios's (issue #17).
 */
export function GoalChip({ goalId, text, disabled, onChange }: { goalId: string | null; text: string; disabled: boolean; onChange: (goalId: string | null) => void }) {
  const { t } = useTranslation();
  const { goals } = useWorkspace();
  const current = goalId ? goals.find((g) => g.id === goalId) : undefined;
  const pickable = goals.filter((g) => g.open || g.id === goalId);
  if (pickable.length === 0 && !goalId) return null;
  return (
    <label className={`goal-chip${goalId ? " is-on" : ""}`} data-testid="goal-chip">
      <span className="visually-hidden">{t("goals.chipFor", { text })}</span>
      <select value={goalId ?? ""} disabled={disabled} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">{t("goals.chipEmpty")}</option>
        {goalId && !current ? <option value={goalId}>{t("goals.unknownGoal")}</option> : null}
        {pickable.map((g) => (
          <option key={g.id} value={g.id}>
            {g.open ? g.what : `${g.what} (${t(`goals.statuses.${g.status}`)})`}
          </option>
        ))}
      </select>
    </label>
  );
}
