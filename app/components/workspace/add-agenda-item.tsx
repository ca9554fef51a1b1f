import { appendBlocks } from "../../editor/append-blocks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Editor } from "@tiptap/react";
import type { Role } from "../../../db/schema";
import { minutesOrNull } from "../../editor/agenda-item";
import { newNodeId } from "../../meetings/templates";

/** Adds an agenda item at the end; the opleider's show as proposals (the server-known role decides). */
export function AddAgendaItem({ editor, role }: { editor: Editor | null; role: Role }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState("");
  const [minutes, setMinutes] = useState("");
  return (
    <form
      className="add-row"
      onSubmit={(e) => {
        e.preventDefault();
        if (!editor || !title.trim()) return;
        appendBlocks(editor, {
          type: "agendaItem",
          attrs: { id: newNodeId(), proposedBy: role, timeboxMinutes: minutesOrNull(minutes), done: false },
          content: [{ type: "text", text: title.trim() }],
        });
        setTitle("");
        setMinutes("");
      }}
    >
      <label className="visually-hidden" htmlFor="new-agenda-title">
        {t("agenda.newTitle")}
      </label>
      <input id="new-agenda-title" value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t(role === "aios" ? "agenda.newPlaceholder" : "agenda.proposePlaceholder")} />
      <label className="visually-hidden" htmlFor="new-agenda-minutes">
        {t("agenda.timebox")}
      </label>
      <input id="new-agenda-minutes" className="minutes" type="number" min={1} max={240} value={minutes} onChange={(e) => setMinutes(e.target.value)} placeholder={t("agenda.min")} />
      <button type="submit" disabled={!editor || !title.trim()}>
        {t(role === "aios" ? "agenda.add" : "agenda.propose")}
      </button>
    </form>
  );
}
