import { NodeViewContent, NodeViewWrapper, type ReactNodeViewProps } from "@tiptap/react";
import { useTranslation } from "react-i18next";
import { GoalChip } from "./goal-chip";
import { AGREEMENT_OWNERS, AGREEMENT_STATUSES, isoDateOrNull } from "../../editor/agreement";

/** One agreement: its text, and inline owner chips, follow-up date and status. */
export function AgreementView({ node, updateAttributes, editor }: ReactNodeViewProps) {
  const { t } = useTranslation();
  const id = (node.attrs.id as string | null) ?? "new";
  const text = node.textContent.trim() || t("agreements.untitled");
  const disabled = !editor.isEditable;
  return (
    <NodeViewWrapper className={`agreement status-${node.attrs.status}`} data-testid="agreement" data-agreement-id={id}>
      <NodeViewContent className="agreement-text" />
      <div className="agreement-controls" contentEditable={false}>
        <fieldset className="chips">
          <legend className="visually-hidden">{t("agreements.ownerFor", { text })}</legend>
          {AGREEMENT_OWNERS.map((owner) => (
            <label key={owner} className={`chip${node.attrs.owner === owner ? " is-on" : ""}`}>
              <input type="radio" name={`owner-${id}`} value={owner} checked={node.attrs.owner === owner} disabled={disabled} onChange={() => updateAttributes({ owner })} />
              {t(`agreements.owners.${owner}`)}
            </label>
          ))}
        </fieldset>
        <label className="inline-field">
          <span>{t("agreements.followUp")}</span>
          <input
            type="date"
            value={node.attrs.followUpDate ?? ""}
            disabled={disabled}
            onChange={(e) => updateAttributes({ followUpDate: isoDateOrNull(e.target.value) })}
            aria-label={t("agreements.followUpFor", { text })}
          />
        </label>
        <label className="inline-field">
          <span className="visually-hidden">{t("agreements.statusFor", { text })}</span>
          <select value={node.attrs.status} disabled={disabled} onChange={(e) => updateAttributes({ status: e.target.value })}>
            {AGREEMENT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`agreements.statuses.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <GoalChip goalId={(node.attrs.goalId as string | null) ?? null} text={text} disabled={disabled} onChange={(goalId) => updateAttributes({ goalId })} />
      </div>
    </NodeViewWrapper>
  );
}
