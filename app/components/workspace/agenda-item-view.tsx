import { NodeViewContent, NodeViewWrapper, type ReactNodeViewProps } from "@tiptap/react";
import { useTranslation } from "react-i18next";
import { minutesOrNull } from "../../editor/agenda-item";
import { moveNode } from "../../editor/move-node";
import { useWorkspace } from "./workspace-context";
import { focusWhenReady } from "./focus-when-ready";
import { GoalChip } from "./goal-chip";

/**
 * One agenda item: its title is editable text; around it the proposer badge, the time box,
 * the done mark, and the lead controls (the aios makes it current and reorders; the
 * opleider suggests it as the next one). The highlights follow the server's lead state:
 * the current item, and the item the opleider suggested next.
 */
export function AgendaItemView({ node, updateAttributes, editor, getPos }: ReactNodeViewProps) {
  const { t } = useTranslation();
  const { role, lead } = useWorkspace();
  const id = node.attrs.id as string | null;
  const isCurrent = id !== null && lead.state.currentItemId === id;
  const isSuggested = id !== null && !isCurrent && lead.suggestion?.itemId === id;
  const proposal = node.attrs.proposedBy === "opleider";
  const done = node.attrs.done === true;
  const title = node.textContent.trim() || t("agenda.untitled");
  const closed = lead.state.status === "afgerond";
  const editable = editor.isEditable;

  const move = (direction: -1 | 1) => {
    if (!moveNode(editor, getPos(), direction) || !id) return;
    // The item is drawn anew in its new place: keep the keyboard on the same button there.
    focusWhenReady([`[data-agenda-id="${CSS.escape(id)}"] [data-move="${direction === -1 ? "up" : "down"}"]`]);
  };

  return (
    <NodeViewWrapper
      className={`agenda-item${isCurrent ? " is-current" : ""}${isSuggested ? " is-suggested" : ""}${done ? " is-done" : ""}`}
      data-agenda-id={id ?? undefined}
      data-testid="agenda-item"
      aria-current={isCurrent ? "step" : undefined}
    >
      {isSuggested ? (
        // A line of its own above the title: in a narrow agenda column a badge beside it would squeeze the title.
        <div className="suggested-badge" contentEditable={false} data-testid="suggested-badge">
          {t("meetingLead.suggestedBadge", { name: lead.suggestion?.fromName ?? "" })}
        </div>
      ) : null}
      <div className="agenda-item-main">
        <span className={`role-badge role-${node.attrs.proposedBy}`} contentEditable={false} title={proposal ? t("agenda.proposalByOpleider") : undefined}>
          {proposal ? t("agenda.proposal") : t("roles.aios")}
        </span>
        <NodeViewContent className="agenda-item-title" />
        {editable && role === "aios" ? (
          // Reordering sits with the title, apart from the lead button below.
          <span className="move-buttons" contentEditable={false}>
            <button type="button" className="icon-button" data-move="up" onClick={() => move(-1)}>
              <span aria-hidden="true">↑</span>
              <span className="visually-hidden">{t("agenda.moveUp", { title })}</span>
            </button>
            <button type="button" className="icon-button" data-move="down" onClick={() => move(1)}>
              <span aria-hidden="true">↓</span>
              <span className="visually-hidden">{t("agenda.moveDown", { title })}</span>
            </button>
          </span>
        ) : null}
      </div>
      <div className="agenda-item-controls" contentEditable={false}>
        <label className="timebox">
          <span className="visually-hidden">{t("agenda.timeboxFor", { title })}</span>
          <input
            type="number"
            min={1}
            max={240}
            inputMode="numeric"
            value={node.attrs.timeboxMinutes ?? ""}
            placeholder="–"
            disabled={!editable}
            onChange={(e) => updateAttributes({ timeboxMinutes: minutesOrNull(e.target.value) })}
          />
          <span aria-hidden="true">{t("agenda.min")}</span>
        </label>
        <label className="check small">
          {/* Only the aios ticks items off; the server refuses it from anyone else (role rules, decision 009). */}
          <input type="checkbox" checked={done} disabled={!editable || role !== "aios"} onChange={(e) => updateAttributes({ done: e.target.checked })} />
          {t("agenda.done")}
          <span className="visually-hidden"> {title}</span>
        </label>
        <GoalChip goalId={(node.attrs.goalId as string | null) ?? null} text={title} disabled={!editable} onChange={(goalId) => updateAttributes({ goalId })} />
        {!editable ? null : role === "aios" ? (
          <button
            type="button"
            className="small-button"
            data-lead-action="discuss"
            // aria-disabled, not disabled, for the current item: a disabled button drops keyboard focus to <body>.
            aria-disabled={isCurrent || undefined}
            disabled={!id || closed}
            onClick={() => id && !isCurrent && void lead.send({ command: "setCurrent", itemId: id })}
            aria-label={isCurrent ? undefined : t("agenda.makeCurrentFor", { title })}
          >
            {isCurrent ? t("agenda.current") : t("agenda.makeCurrent")}
          </button>
        ) : isCurrent ? (
          <span className="current-label">{t("agenda.current")}</span>
        ) : (
          <button type="button" className="small-button secondary" disabled={!id || closed} onClick={() => id && lead.suggest(id)} aria-label={t("meetingLead.suggestNextFor", { title })}>
            {t("meetingLead.suggestNext")}
          </button>
        )}
      </div>
    </NodeViewWrapper>
  );
}
