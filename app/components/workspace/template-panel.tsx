import { appendBlocks } from "../../editor/append-blocks";
import { useTranslation } from "react-i18next";
import type { Editor } from "@tiptap/react";
import type { JSONContent } from "@tiptap/core";
import type { Role } from "../../../db/schema";
import { kindOf, meetingTemplate } from "../../meetings/kinds";
import { buildAgendaItems, buildQuestionBankContent } from "../../meetings/templates";

/** Inserts the kind's question bank or default agenda later in the meeting, from a side panel. */
export function TemplatePanel({
  kind,
  subkind,
  notesEditor,
  agendaEditor,
  role,
}: {
  kind: string;
  subkind: string | null;
  notesEditor: Editor | null;
  agendaEditor: Editor | null;
  role: Role;
}) {
  const { t } = useTranslation();
  const template = meetingTemplate(kind, subkind);
  const preparation = kindOf(kind).preparation;
  const appendTo = (editor: Editor | null, content: unknown[]) => {
    if (editor) appendBlocks(editor, content as JSONContent[]);
  };
  return (
    <details className="template-panel">
      <summary>{t("templates.title")}</summary>
      <div className="row wrap">
        <button type="button" className="secondary" onClick={() => appendTo(notesEditor, buildQuestionBankContent(template.questionBank))}>
          {t("templates.insertQuestions")}
        </button>
        <button type="button" className="secondary" onClick={() => appendTo(agendaEditor, buildAgendaItems(template.agenda, role))}>
          {t("templates.insertAgenda")}
        </button>
        {preparation ? (
          <button type="button" className="secondary" onClick={() => appendTo(notesEditor, preparation.notesContent())}>
            {t(preparation.i18n.insertButton)}
          </button>
        ) : null}
      </div>
    </details>
  );
}
