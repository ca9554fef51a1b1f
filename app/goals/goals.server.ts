import * as Y from "yjs";
import type { AppServices } from "../services.server";
import type { GoalStatus, LearningGoal, LearningGoalTable, Role } from "../../db/schema";
import {
  acceptSuggestion as acceptSuggestionRow,
  declineSuggestion as declineSuggestionRow,
  findGoal,
  findSuggestion,
  insertGoal,
  insertGoalEvent,
  insertSuggestion,
  listGoalEvents,
  listGoalsOfPair,
  listConfirmedReportContents,
  listOpenGoalsDueBy,
  listSuggestionsOfPair,
  updateGoalStatus,
  updateGoalText,
  type GoalEventWithName,
  type NewGoalEvent,
  type SuggestionWithName,
} from "../../db/goals";
import { listAgreementsOfGoal } from "../../db/agreements";
import { findMeeting, listMeetingsOfPair } from "../../db/meetings";
import { findFeedback } from "../../db/consult-feedback";
import { newId } from "../auth/tokens.server";
import { MeetingField, meetingDocName } from "../collab/protocol";
import { readAgenda, type AgendaEntry } from "../editor/read-fields";
import { appendToField } from "../editor/write-fields";
import { buildAgendaItems } from "../meetings/templates";
import { isOpenGoal, type GoalText } from "./goal-forms";

// The aios's learning goals (IOP), as domain functions: every route (and any other channel)
// goes through these, and they check the role themselves. The aios creates goals and changes
// their text and status; either member comments; the opleider suggests a goal, which the aios
// takes over or declines. Goals live in the database, never in a Y.Doc, so no client can write
// them except through here. Agenda items and agreements link to a goal by its id (node
// attribute `goalId`): either member may set that link.

/** Who is acting: their pair, their account and the role the server found for them. */
export interface Actor {
  pairId: string;
  userId: string;
  role: Role;
}

type Services = Pick<AppServices, "db" | "live">;

export type GoalProblem = "onlyAios" | "onlyOpleider" | "notFound" | "changedMeanwhile" | "alreadyDecided" | "sameStatus" | "meetingClosed";
export type GoalResult<T = object> = ({ ok: true } & T) | { ok: false; problem: GoalProblem };

/** A goal as pages show it. */
export interface GoalView {
  id: string;
  what: string;
  why: string;
  how: string;
  evidence: string;
  evaluateOn: string;
  competency: string | null;
  status: GoalStatus;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

/** What an agenda item's or agreement's goal chip offers and names: every goal of the pair, open ones pickable. */
export interface GoalOption {
  id: string;
  what: string;
  evaluateOn: string;
  status: GoalStatus;
  open: boolean;
}

function goalView(g: LearningGoal): GoalView {
  return {
    id: g.id,
    what: g.what,
    why: g.why,
    how: g.how,
    evidence: g.evidence,
    evaluateOn: g.evaluate_on,
    competency: g.competency,
    status: g.status,
    revision: g.revision,
    createdAt: g.created_at,
    updatedAt: g.updated_at,
  };
}

function event(actor: Actor, at: string, fields: Partial<NewGoalEvent> & Pick<NewGoalEvent, "kind">): NewGoalEvent {
  return { id: newId(), from_status: null, to_status: null, text: null, source: null, by_user: actor.userId, by_role: actor.role, at, ...fields };
}

function newGoalRow(actor: Actor, text: GoalText, at: string): LearningGoalTable {
  return {
    id: newId(),
    pair_id: actor.pairId,
    what: text.what,
    why: text.why,
    how: text.how,
    evidence: text.evidence,
    evaluate_on: text.evaluateOn,
    competency: text.competency,
    status: "actief",
    revision: 0,
    created_by: actor.userId,
    created_at: at,
    updated_at: at,
  };
}

/** The goal when it belongs to the actor's pair. */
async function goalOfPair(services: Services, actor: Actor, goalId: string): Promise<LearningGoal | null> {
  const goal = await findGoal(services.db, goalId);
  return goal && goal.pair_id === actor.pairId ? goal : null;
}

/**
 * The aios writes a new goal (status actief). `source` says where it came from ("feedback:<form
 * id>" for a leerpunt of consult feedback), for its history.
 */
export async function createGoal(services: Services, actor: Actor, text: GoalText, source: string | null = null): Promise<GoalResult<{ goal: GoalView }>> {
  if (actor.role !== "aios") return { ok: false, problem: "onlyAios" };
  const at = new Date().toISOString();
  const row = newGoalRow(actor, text, at);
  await insertGoal(services.db, row, event(actor, at, { kind: "created", to_status: "actief", source }));
  services.live.pairChanged(actor.pairId);
  return { ok: true, goal: goalView({ ...row }) };
}

/** The aios changes a goal's text, from the revision the form showed: a change made meanwhile is never overwritten. */
export async function editGoal(services: Services, actor: Actor, goalId: string, revision: number, text: GoalText): Promise<GoalResult> {
  if (actor.role !== "aios") return { ok: false, problem: "onlyAios" };
  const goal = await goalOfPair(services, actor, goalId);
  if (!goal) return { ok: false, problem: "notFound" };
  const at = new Date().toISOString();
  const changed = await updateGoalText(
    services.db,
    goal.id,
    revision,
    { what: text.what, why: text.why, how: text.how, evidence: text.evidence, evaluate_on: text.evaluateOn, competency: text.competency, updated_at: at },
    event(actor, at, { kind: "edited" }),
  );
  if (!changed) return { ok: false, problem: "changedMeanwhile" };
  services.live.pairChanged(actor.pairId);
  return { ok: true };
}

/** The aios moves a goal from `from` (what the form showed) to `to`, with an optional note; both go into its history. */
export async function changeGoalStatus(services: Services, actor: Actor, goalId: string, from: GoalStatus, to: GoalStatus, note: string): Promise<GoalResult> {
  if (actor.role !== "aios") return { ok: false, problem: "onlyAios" };
  const goal = await goalOfPair(services, actor, goalId);
  if (!goal) return { ok: false, problem: "notFound" };
  if (from === to) return { ok: false, problem: "sameStatus" };
  const at = new Date().toISOString();
  const moved = await updateGoalStatus(services.db, goal.id, from, to, at, event(actor, at, { kind: "status", from_status: from, to_status: to, text: note || null }));
  if (!moved) return { ok: false, problem: "changedMeanwhile" };
  services.live.pairChanged(actor.pairId);
  return { ok: true };
}

/** Either member comments on a goal (the opleider coaches "from one step behind"). */
export async function commentOnGoal(services: Services, actor: Actor, goalId: string, text: string): Promise<GoalResult> {
  const goal = await goalOfPair(services, actor, goalId);
  if (!goal) return { ok: false, problem: "notFound" };
  await insertGoalEvent(services.db, goal.id, event(actor, new Date().toISOString(), { kind: "comment", text }));
  services.live.pairChanged(actor.pairId);
  return { ok: true };
}

/** The opleider suggests a goal; the aios takes it over or not. */
export async function suggestGoal(services: Services, actor: Actor, suggestion: { what: string; why: string }): Promise<GoalResult<{ suggestionId: string }>> {
  if (actor.role !== "opleider") return { ok: false, problem: "onlyOpleider" };
  const id = newId();
  await insertSuggestion(services.db, {
    id,
    pair_id: actor.pairId,
    what: suggestion.what,
    why: suggestion.why,
    suggested_by: actor.userId,
    suggested_at: new Date().toISOString(),
    status: "open",
    decided_by: null,
    decided_at: null,
    decline_note: null,
    goal_id: null,
  });
  services.live.pairChanged(actor.pairId);
  return { ok: true, suggestionId: id };
}

/** The aios takes over an open suggestion: it becomes a goal with the text the aios completed. */
export async function acceptSuggestion(services: Services, actor: Actor, suggestionId: string, text: GoalText): Promise<GoalResult<{ goalId: string }>> {
  if (actor.role !== "aios") return { ok: false, problem: "onlyAios" };
  const suggestion = await findSuggestion(services.db, suggestionId);
  if (!suggestion || suggestion.pair_id !== actor.pairId) return { ok: false, problem: "notFound" };
  if (suggestion.status !== "open") return { ok: false, problem: "alreadyDecided" };
  const at = new Date().toISOString();
  const row = newGoalRow(actor, text, at);
  const accepted = await acceptSuggestionRow(services.db, suggestion.id, row, event(actor, at, { kind: "created", to_status: "actief", source: `suggestion:${suggestion.id}` }), actor.userId);
  if (!accepted) return { ok: false, problem: "alreadyDecided" };
  services.live.pairChanged(actor.pairId);
  return { ok: true, goalId: row.id };
}

/** The aios declines an open suggestion, optionally saying why. */
export async function declineSuggestion(services: Services, actor: Actor, suggestionId: string, note: string): Promise<GoalResult> {
  if (actor.role !== "aios") return { ok: false, problem: "onlyAios" };
  const suggestion = await findSuggestion(services.db, suggestionId);
  if (!suggestion || suggestion.pair_id !== actor.pairId) return { ok: false, problem: "notFound" };
  const declined = await declineSuggestionRow(services.db, suggestion.id, actor.userId, new Date().toISOString(), note || null);
  if (!declined) return { ok: false, problem: "alreadyDecided" };
  services.live.pairChanged(actor.pairId);
  return { ok: true };
}

// --- Reading ---

export interface SuggestionView {
  id: string;
  what: string;
  why: string;
  suggestedBy: string | null;
  suggestedAt: string;
  status: "open" | "accepted" | "declined";
  declineNote: string | null;
  goalId: string | null;
}

function suggestionView(s: SuggestionWithName): SuggestionView {
  return {
    id: s.id,
    what: s.what,
    why: s.why,
    suggestedBy: s.suggested_by_name,
    suggestedAt: s.suggested_at,
    status: s.status,
    declineNote: s.decline_note,
    goalId: s.goal_id,
  };
}

/** The pair's learning plan: its goals (open first, by evaluation date), and the opleider's suggestions (open first). */
export async function learningPlan(services: Pick<AppServices, "db">, pairId: string): Promise<{ goals: GoalView[]; suggestions: SuggestionView[] }> {
  const goals = (await listGoalsOfPair(services.db, pairId)).map(goalView);
  const suggestions = (await listSuggestionsOfPair(services.db, pairId)).map(suggestionView);
  return {
    goals: [...goals.filter((g) => isOpenGoal(g.status)), ...goals.filter((g) => !isOpenGoal(g.status))],
    suggestions: [...suggestions.filter((s) => s.status === "open"), ...suggestions.filter((s) => s.status !== "open")],
  };
}

/** The pair's goals for chips and labels: open ones to pick, and every goal's title for links already made. */
export async function goalOptions(services: Pick<AppServices, "db">, pairId: string): Promise<GoalOption[]> {
  return (await listGoalsOfPair(services.db, pairId)).map((g) => ({ id: g.id, what: g.what, evaluateOn: g.evaluate_on, status: g.status, open: isOpenGoal(g.status) }));
}

/** The titles of a pair's goals, by id (versions and reports name linked goals with them). */
export async function goalTitles(services: Pick<AppServices, "db">, pairId: string): Promise<Record<string, string>> {
  return Object.fromEntries((await listGoalsOfPair(services.db, pairId)).map((g) => [g.id, g.what]));
}

/** The pair's open goals due for evaluation by `date` ("YYYY-MM-DD"), earliest first. */
export async function goalsDueBy(services: Pick<AppServices, "db">, pairId: string, date: string): Promise<GoalView[]> {
  return (await listOpenGoalsDueBy(services.db, pairId, date)).map(goalView);
}

export interface GoalEventView {
  id: string;
  kind: GoalEventWithName["kind"];
  from: GoalStatus | null;
  to: GoalStatus | null;
  text: string | null;
  source: string | null;
  byName: string | null;
  byRole: Role;
  at: string;
}

function eventView(e: GoalEventWithName): GoalEventView {
  return { id: e.id, kind: e.kind, from: e.from_status, to: e.to_status, text: e.text, source: e.source, byName: e.by_name, byRole: e.by_role, at: e.at };
}

/** A meeting a goal was discussed in: an agenda item about it, an agreement towards it, or a leerpunt that became it. */
export interface GoalMeeting {
  id: string;
  title: string | null;
  kind: string;
  scheduledAt: string;
}

export interface GoalDetail {
  goal: GoalView;
  events: GoalEventView[];
  agreements: Array<{ meetingId: string; id: string; text: string; owner: string; followUpDate: string | null; status: string; meeting: GoalMeeting }>;
  meetings: GoalMeeting[];
}

/**
 * One goal with its history, its agreements (from the agreements table) and the meetings it was
 * discussed in: those with an agreement towards it, an agenda item about it (read from each
 * meeting's document; a meeting confirmed before the goal existed cannot have one, and a
 * confirmed one is read from its frozen report instead of its document), or the consult
 * feedback it came from. Null when the goal is not the pair's.
 */
export async function goalDetail(services: Pick<AppServices, "db" | "readDocument">, pairId: string, goalId: string): Promise<GoalDetail | null> {
  const goal = await findGoal(services.db, goalId);
  if (!goal || goal.pair_id !== pairId) return null;
  const events = (await listGoalEvents(services.db, goal.id)).map(eventView);
  const agreementRows = await listAgreementsOfGoal(services.db, pairId, goal.id);
  const meetingOf = (row: { id: string; title: string | null; kind: string; scheduled_at: string }): GoalMeeting => ({ id: row.id, title: row.title, kind: row.kind, scheduledAt: row.scheduled_at });
  const agreements = agreementRows.map((a) => ({
    meetingId: a.meeting_id,
    id: a.id,
    text: a.text,
    owner: a.owner,
    followUpDate: a.follow_up_date,
    status: a.status,
    meeting: { id: a.meeting_id, title: a.meeting_title, kind: a.meeting_kind, scheduledAt: a.meeting_scheduled_at },
  }));

  const meetings = await listMeetingsOfPair(services.db, pairId);
  const discussed = new Set(agreements.map((a) => a.meetingId));
  const confirmed = new Map((await listConfirmedReportContents(services.db, pairId)).map((r) => [r.meeting_id, r]));
  for (const meeting of meetings) {
    if (discussed.has(meeting.id)) continue;
    const frozen = confirmed.get(meeting.id);
    let agenda: Array<Pick<AgendaEntry, "goalId">>;
    if (frozen) {
      if (frozen.confirmed_at < goal.created_at) continue;
      agenda = frozenAgenda(frozen.frozen_content);
    } else {
      agenda = await services.readDocument(meetingDocName(meeting.id), (doc) => readAgenda(doc));
    }
    if (agenda.some((item) => item.goalId === goal.id)) discussed.add(meeting.id);
  }
  // The consult feedback a goal came from was discussed in its meeting.
  for (const e of events) {
    const formId = e.source?.startsWith("feedback:") ? e.source.slice("feedback:".length) : null;
    if (!formId) continue;
    const form = await findFeedback(services.db, formId);
    if (form && form.pair_id === pairId) discussed.add(form.meeting_id);
  }
  return {
    goal: goalView(goal),
    events,
    agreements,
    meetings: meetings.filter((m) => discussed.has(m.id)).map(meetingOf),
  };
}

/** The agenda of a confirmed report's frozen content (app/reports/report-data.ts); empty when it cannot be read. */
function frozenAgenda(json: string): Array<Pick<AgendaEntry, "goalId">> {
  try {
    const agenda = (JSON.parse(json) as { data?: { content?: { agenda?: unknown } } }).data?.content?.agenda;
    return Array.isArray(agenda) ? agenda.map((item) => ({ goalId: typeof item?.goalId === "string" ? item.goalId : null })) : [];
  } catch {
    return [];
  }
}

/**
 * Either member puts a goal on a meeting's agenda (to discuss or evaluate it): an agenda item
 * linked to the goal, once. Refused once the meeting has ended or is confirmed.
 */
export async function goalOnAgenda(
  services: Pick<AppServices, "db" | "editDocument" | "isMeetingReadOnly">,
  actor: Actor,
  meetingId: string,
  goalId: string,
): Promise<GoalResult> {
  const goal = await findGoal(services.db, goalId);
  if (!goal || goal.pair_id !== actor.pairId) return { ok: false, problem: "notFound" };
  const meeting = await findMeeting(services.db, meetingId);
  if (!meeting || meeting.pair_id !== actor.pairId) return { ok: false, problem: "notFound" };
  if (meeting.status === "afgerond" || (await services.isMeetingReadOnly(meetingId))) return { ok: false, problem: "meetingClosed" };
  const [item] = buildAgendaItems([{ title: `Leerdoel: ${goal.what}`, timeboxMinutes: 5 }], actor.role);
  await services.editDocument(meetingDocName(meetingId), (doc) => {
    if (agendaHasGoal(doc, goal.id)) return;
    appendToField(doc, MeetingField.agenda, [{ ...item!, attrs: { ...item!.attrs, goalId: goal.id } }]);
  });
  return { ok: true };
}

/** Whether a meeting's agenda already has an item about this goal. */
export function agendaHasGoal(doc: Y.Doc, goalId: string): boolean {
  return doc
    .getXmlFragment(MeetingField.agenda)
    .toArray()
    .some((node) => node instanceof Y.XmlElement && node.getAttribute("goalId") === goalId);
}
