import type { Meeting, Role } from "../../db/schema";
import type { AppServices } from "../services.server";
import { MeetingField, meetingDocName } from "../collab/protocol";
import { fillEmptyField } from "../editor/write-fields";
import { isValidSubkind, type TaakSubkind } from "./kinds";
import { buildAgendaDoc, buildProcesRoundContent, buildQuestionBankContent, meetingTemplate } from "./templates";

/**
 * Starts a new meeting's document from its kind's template: the default agenda (proposed
 * by whoever scheduled it) and the question bank at the top of the notes. Written through
 * the collaboration server, so it is stored like any edit.
 */
export function seedMeetingDocument(services: Pick<AppServices, "editDocument">, meeting: Meeting, schedulerRole: Role): void {
  const subkind = isValidSubkind(meeting.kind, meeting.subkind) ? (meeting.subkind as TaakSubkind | null) : null;
  const template = meetingTemplate(meeting.kind, subkind);
  const notes = [...buildQuestionBankContent(template.questionBank), ...(meeting.kind === "procesgericht" ? buildProcesRoundContent() : [])];
  services.editDocument(meetingDocName(meeting.id), (doc) => {
    fillEmptyField(doc, MeetingField.agenda, buildAgendaDoc(template.agenda, schedulerRole));
    fillEmptyField(doc, MeetingField.notes, { type: "doc", content: notes });
  });
}
