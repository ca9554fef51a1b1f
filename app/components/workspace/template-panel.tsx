import { appendBlocks } from "../../editor/append-blocks";
import { useTranslation } from "react-i18next";
import type { Editor } from "@tiptap/react";
import type { JSONContent } from "@tiptap/core";
import type { Role } from "../../../db/schema";
import { isValidSubkind, type MeetingKind, type TaakSubkind } from "../../meetings/kinds";
import { buildAgendaItems, buildProcesRoundContent, buildQuestionBankContent, meetingTemplate } from "../../meetings/templates";

/** Inserts the kind's question bank or default agenda later in the meeting, from a side panel. */
export function TemplatePanel({
  kind,
  subkind,
  notesEditor,
  agendaEditor,
  role,
}: {
  kind: MeetingKind;
  subkind: string | null;
  notesEditor: Editor | null;
  agendaEditor: Editor | null;
  role: Role;
}) {
  const { t } = useTranslation();
  const template = meetingTemplate(kind, isValidSubkind(kind, subkind) ? (subkind as TaakSubkind | null) : null);
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
        {kind === "procesgericht" ? (
          <button type="button" className="secondary" onClick={() => appendTo(notesEditor, buildProcesRoundContent())}>
            {t("templates.insertProces")}
          </button>
        ) : null}
      </div>
    </details>
  );
}
