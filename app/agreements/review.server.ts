import { z } from "zod";
import { MeetingField, meetingDocName } from "../collab/protocol";
import { calendarDateField } from "../forms/dates";
import { findAgreement, updateAgreement } from "../../db/agreements";
import type { AppServices } from "../services.server";
import { agendaHasAgreement, changeAgreementInDoc } from "./agreement-nodes";
import { appendToField } from "../editor/write-fields";
import { findMeeting } from "../../db/meetings";
import { buildAgendaItems } from "../meetings/templates";

// Reviewing an earlier agreement ("Vorige afspraken"): done, dropped, a new follow-up date,
// or on the agenda of this meeting. The change is made in the earlier meeting's document
// (the source of truth, seen live by whoever has it open) and in the table at once.

const ids = { agreementMeetingId: z.string().min(1).max(64), agreementId: z.string().min(1).max(64) };

export const reviewSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("afgerond"), ...ids }),
  z.object({ intent: z.literal("vervallen"), ...ids }),
  z.object({ intent: z.literal("reopen"), ...ids }),
  z.object({
    intent: z.literal("newDate"),
    ...ids,
    followUpDate: calendarDateField,
  }),
  z.object({ intent: z.literal("onAgenda"), ...ids }),
]);
export type ReviewInput = z.infer<typeof reviewSchema>;

export type ReviewProblem = "unknownAgreement" | "notInDocument" | "noMeeting" | "meetingClosed";

export async function reviewAgreement(
  services: Pick<AppServices, "db" | "editDocument" | "live" | "isMeetingReadOnly">,
  context: { pairId: string; role: "aios" | "opleider"; currentMeetingId: string | null },
  input: ReviewInput,
): Promise<{ ok: true } | { ok: false; problem: ReviewProblem }> {
  const row = await findAgreement(services.db, input.agreementMeetingId, input.agreementId);
  if (!row || row.pair_id !== context.pairId || row.removed_at) return { ok: false, problem: "unknownAgreement" };

  if (input.intent === "onAgenda") {
    const meetingId = context.currentMeetingId;
    if (!meetingId) return { ok: false, problem: "noMeeting" };
    // The agenda of an ended or confirmed meeting no longer changes (checked here, not only by the page).
    if ((await findMeeting(services.db, meetingId))?.status === "afgerond" || (await services.isMeetingReadOnly(meetingId))) {
      return { ok: false, problem: "meetingClosed" };
    }
    const [item] = buildAgendaItems([{ title: `Afspraak: ${row.text}`, timeboxMinutes: 5 }], context.role);
    await services.editDocument(meetingDocName(meetingId), (doc) => {
      if (!agendaHasAgreement(doc, row.id)) appendToField(doc, MeetingField.agenda, [{ ...item!, attrs: { ...item!.attrs, agreementId: row.id } }]);
    });
    return { ok: true };
  }

  const change =
    input.intent === "newDate"
      ? { followUpDate: input.followUpDate }
      : { status: input.intent === "reopen" ? ("open" as const) : input.intent };
  // A meeting whose report is confirmed has a read-only document: the agreement stays in it as
  // it was agreed, and its follow-up (status, new date) lives on in the table only.
  if (!(await services.isMeetingReadOnly(row.meeting_id))) {
    let found = false;
    await services.editDocument(meetingDocName(row.meeting_id), (doc) => {
      found = changeAgreementInDoc(doc, row.id, change);
    });
    if (!found) return { ok: false, problem: "notInDocument" };
  }
  // The indexer will read the same from the document; writing it now keeps the answer to this request consistent.
  await updateAgreement(services.db, row.meeting_id, row.id, "status" in change ? { status: change.status } : { follow_up_date: change.followUpDate });
  services.live.pairChanged(context.pairId);
  return { ok: true };
}
