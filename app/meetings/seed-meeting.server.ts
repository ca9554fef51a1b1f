import type { Meeting, Role } from "../../db/schema";
import type { AppServices } from "../services.server";
import { MeetingField, meetingDocName } from "../collab/protocol";
import { fillEmptyField } from "../editor/write-fields";
import { kindOf, meetingPanels, meetingTemplate } from "./kinds";
import { nl } from "../i18n/nl";
import { buildAgendaDoc, buildQuestionBankContent } from "./templates";

/** The first agenda item whenever the pair has open agreements from earlier meetings. */
export const REVIEW_ITEM_TITLE = "Terugblik op de afspraken van vorige keer";

/**
 * Starts a new meeting's document: with the template, the kind's default agenda (proposed
 * by whoever scheduled it) and the question bank in the notes; and whenever the pair has
 * open agreements, the agenda starts with reviewing them. Written through the
 * collaboration server, so it is stored like any edit.
 */
export async function seedMeetingDocument(
  services: Pick<AppServices, "editDocument">,
  meeting: Meeting,
  schedulerRole: Role,
  options: { useTemplate: boolean; reviewFirst: boolean; goals?: ReadonlyArray<{ id: string; what: string; evaluateOn: string }> },
): Promise<void> {
  // A kind whose meeting page opens the learning goals (the voortgangsgesprek, an ILP-bespreking) starts with them.
  const goals = meetingPanels(meeting.kind, meeting.subkind).goals === "open" ? (options.goals ?? []) : [];
  if (!options.useTemplate && !options.reviewFirst && goals.length === 0) return;
  const template = meetingTemplate(meeting.kind, meeting.subkind);
  // The template's own review item is replaced: first when there is something to review, absent when not.
  const meetingDay = meeting.scheduled_at.slice(0, 10);
  const goalItems = goals.map((g) => ({
    title: (g.evaluateOn <= meetingDay ? nl.goals.evaluateTitle : nl.goals.onAgendaTitle).replace("{{what}}", g.what),
    timeboxMinutes: 5,
    goalId: g.id,
  }));
  const agenda = [
    ...goalItems,
    ...(options.reviewFirst ? [{ title: REVIEW_ITEM_TITLE, timeboxMinutes: 5 }] : []),
    ...(options.useTemplate ? template.agenda.filter((item) => item.title !== REVIEW_ITEM_TITLE) : []),
  ];
  const notes = options.useTemplate
    ? [...buildQuestionBankContent(template.questionBank), ...(kindOf(meeting.kind).preparation?.notesContent() ?? [])]
    : [];
  await services.editDocument(meetingDocName(meeting.id), (doc) => {
    if (agenda.length) fillEmptyField(doc, MeetingField.agenda, buildAgendaDoc(agenda, schedulerRole));
    if (notes.length) fillEmptyField(doc, MeetingField.notes, { type: "doc", content: notes });
  });
}
