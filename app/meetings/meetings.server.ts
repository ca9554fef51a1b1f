import type { Meeting, Role } from "../../db/schema";
import { deletePlannedMeeting, findMeeting, insertMeeting, listMeetingsOfPair } from "../../db/meetings";
import { listPairMembers } from "../../db/pairs";
import { meetingDocName, privateNotesDocName } from "../collab/protocol";
import { newId } from "../auth/tokens.server";
import type { ScheduleMeetingInput } from "./meeting-forms";
import type { AppServices } from "../services.server";
import { listOpenAgreements } from "../../db/agreements";
import { seedMeetingDocument } from "./seed-meeting.server";
import { listGoalsOfPair } from "../../db/goals";
import { isOpenGoal } from "../goals/goal-forms";

/**
 * Schedules a meeting of the pair. `scheduled_at` is the wall-clock time the pair chose
 * ("YYYY-MM-DDTHH:MM", Dutch local time): that is what they agreed and what they see.
 * Actual start and end are recorded as UTC instants when the aios starts and ends it.
 */
export async function scheduleMeeting(
  { db }: Pick<AppServices, "db">,
  pairId: string,
  userId: string,
  input: Pick<ScheduleMeetingInput, "kind" | "subkind" | "title" | "date" | "time" | "plannedMinutes">,
): Promise<Meeting> {
  const meeting = {
    id: newId(),
    pair_id: pairId,
    kind: input.kind,
    subkind: input.subkind,
    title: input.title,
    scheduled_at: `${input.date}T${input.time}`,
    planned_minutes: input.plannedMinutes,
    created_by: userId,
  };
  await insertMeeting(db, meeting);
  return { ...meeting, status: "gepland", started_at: null, ended_at: null, current_item_id: null, timer_item_id: null, timer_running_since: null, timer_elapsed_ms: 0, lead_version: 0, created_at: new Date().toISOString() };
}

/**
 * Schedules a meeting as the pair page does: the row, then its document (the template
 * when asked, and the review of open agreements first whenever there are any), then the
 * pair's open pages are told.
 */
export async function planMeeting(
  services: Pick<AppServices, "db" | "editDocument" | "live">,
  who: { pairId: string; userId: string; role: Role },
  input: ScheduleMeetingInput,
): Promise<Meeting> {
  const meeting = await scheduleMeeting(services, who.pairId, who.userId, input);
  const reviewFirst = (await listOpenAgreements(services.db, who.pairId)).length > 0;
  const goals = (await listGoalsOfPair(services.db, who.pairId)).filter((g) => isOpenGoal(g.status)).map((g) => ({ id: g.id, what: g.what, evaluateOn: g.evaluate_on }));
  await seedMeetingDocument(services, meeting, who.role, { useTemplate: input.useTemplate === "on", reviewFirst, goals });
  services.live.pairChanged(who.pairId);
  return meeting;
}

/** A pair's meetings split for the pair page: what is still to come (soonest first) and what is done (latest first). */
export async function meetingsOverview({ db }: Pick<AppServices, "db">, pairId: string): Promise<{ upcoming: Meeting[]; past: Meeting[] }> {
  const all = await listMeetingsOfPair(db, pairId);
  return {
    upcoming: all.filter((m) => m.status !== "afgerond"),
    past: all.filter((m) => m.status === "afgerond").reverse(),
  };
}


/** Why a meeting cannot be cancelled: it is not this pair's (or gone), or it has started or taken place. */
export type CancelMeetingProblem = "notFound" | "alreadyStarted";

/**
 * Cancels a meeting that has not taken place (not started yet), for either member of its pair:
 * the meeting is deleted with its documents (agenda, notes, private notes) and the pair's and
 * the meeting's open pages are told at once. A start at the same moment wins: then nothing is
 * deleted and the answer is `alreadyStarted`.
 */
export async function cancelMeeting(
  services: Pick<AppServices, "db" | "live">,
  who: { pairId: string },
  meetingId: string,
): Promise<{ ok: true; meeting: Meeting } | { ok: false; problem: CancelMeetingProblem }> {
  const meeting = await findMeeting(services.db, meetingId);
  if (!meeting || meeting.pair_id !== who.pairId) return { ok: false, problem: "notFound" };
  if (meeting.status !== "gepland") return { ok: false, problem: "alreadyStarted" };
  const members = await listPairMembers(services.db, meeting.pair_id);
  const docNames = [meetingDocName(meeting.id), ...members.map((m) => privateNotesDocName(meeting.id, m.user_id))];
  if (!(await deletePlannedMeeting(services.db, meeting.id, docNames))) {
    // Started meanwhile, or the other member cancelled it at the same moment.
    return { ok: false, problem: (await findMeeting(services.db, meeting.id)) ? "alreadyStarted" : "notFound" };
  }
  services.live.pairChanged(meeting.pair_id);
  services.live.meetingChanged(meeting.id);
  return { ok: true, meeting };
}
