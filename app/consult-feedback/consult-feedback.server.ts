import type { AppServices } from "../services.server";
import type { ConsultFeedbackRow, Meeting } from "../../db/schema";
import { countFeedbackOfMeeting, findFeedback, insertFeedback, listFeedbackAt, listFeedbackGivenOfPair, listFeedbackOfMeeting, saveFeedbackContent } from "../../db/consult-feedback";
import { findGoal } from "../../db/goals";
import { newId } from "../auth/tokens.server";
import { MeetingField, meetingDocName } from "../collab/protocol";
import { appendToField } from "../editor/write-fields";
import { meetingPanels } from "../meetings/kinds";
import { amsterdamDate } from "../norms/norms";
import type { NormFeedback } from "../norms/norms";
import { createGoal, suggestGoal, type Actor } from "../goals/goals.server";
import { isOpenGoal } from "../goals/goal-forms";
import { addDays } from "date-fns";
import {
  FEEDBACK_TEXT_MAX,
  LEERPUNTEN_MAX,
  emptyFeedbackContent,
  holdsFeedback,
  parseFeedbackContent,
  type ConsultFeedbackEntry,
  type FeedbackContent,
  type FeedbackScore,
} from "./feedback-content";
import { partWriter, type FeedbackPatch } from "./feedback-forms";
import { findPatientIdentifier, type IdentifierKind } from "./patient-identifiers";

// Feedback on a consult recording (issue #17), per meeting, as domain functions: the route
// calls these, and they check who may write what. Forms live in the database (never in a
// Y.Doc, so the role rules hold), every save keeps a revision (versions show a form as it
// was), and every free text is checked for obvious patient identifiers before it is stored.

type Services = Pick<AppServices, "db" | "live" | "isMeetingReadOnly">;

export type FeedbackProblem =
  | "notOffered"
  | "notFound"
  | "readOnly"
  | "onlyOpleider"
  | "onlyAios"
  | "tooLong"
  | "tooManyLeerpunten"
  | "emptyLeerpunt"
  | "alreadyDone"
  | "identifies"
  | "failed";
export type FeedbackResult<T = object> = ({ ok: true } & T) | { ok: false; problem: FeedbackProblem; identifier?: { kind: IdentifierKind; found: string } };

/** Whether a meeting of this kind and sub-form has the consult feedback panel. */
export function offersConsultFeedback(meeting: Pick<Meeting, "kind" | "subkind">): boolean {
  return meetingPanels(meeting.kind, meeting.subkind).consultFeedback !== undefined;
}

/** A meeting's forms, in order, as the panel shows them. */
export async function feedbackOfMeeting(services: Pick<AppServices, "db">, meetingId: string): Promise<ConsultFeedbackEntry[]> {
  return (await listFeedbackOfMeeting(services.db, meetingId)).map((row) => ({ id: row.id, ...parseFeedbackContent(row.content) }));
}

/** A meeting's forms as they were at `at` (a version's moment). */
export async function feedbackOfMeetingAt(services: Pick<AppServices, "db">, meetingId: string, at: string): Promise<ConsultFeedbackEntry[]> {
  return (await listFeedbackAt(services.db, meetingId, at)).map((row) => ({ id: row.id, ...parseFeedbackContent(row.content) }));
}

/**
 * The pair's feedback for the weekly norm: one per form holding feedback, on the day its
 * meeting took place (or, for a meeting that never started, the day the feedback was first saved).
 */
export async function feedbackForNorms(services: Pick<AppServices, "db">, pairId: string): Promise<NormFeedback[]> {
  return (await listFeedbackGivenOfPair(services.db, pairId)).map((f) => ({ givenOn: amsterdamDate(Date.parse(f.meeting_started_at ?? f.feedback_given_at)) }));
}

/** Starts a new (empty) form in a meeting whose kind has consult feedback; either member may. */
export async function startFeedback(services: Services, actor: Actor, meeting: Meeting): Promise<FeedbackResult<{ formId: string }>> {
  if (!offersConsultFeedback(meeting)) return { ok: false, problem: "notOffered" };
  if (await services.isMeetingReadOnly(meeting.id)) return { ok: false, problem: "readOnly" };
  const at = new Date().toISOString();
  const id = newId();
  await insertFeedback(services.db, {
    id,
    meeting_id: meeting.id,
    pair_id: meeting.pair_id,
    position: await countFeedbackOfMeeting(services.db, meeting.id),
    content: JSON.stringify(emptyFeedbackContent()),
    revision: 0,
    feedback_given_at: null,
    created_by: actor.userId,
    created_at: at,
    updated_at: at,
  });
  services.live.pairChanged(meeting.pair_id);
  return { ok: true, formId: id };
}

/** The free text a patch writes, to check for identifiers and length. */
function patchText(patch: FeedbackPatch): string | null {
  return patch.part === "removeLeerpunt" || patch.part === "itemScore" || patch.part === "consultDate" ? null : patch.value;
}

/** Applies one patch to a form's content; a problem when it cannot apply. */
function applyPatch(content: FeedbackContent, patch: FeedbackPatch): FeedbackContent | FeedbackProblem {
  const next: FeedbackContent = { ...content, items: { ...content.items }, leerpunten: content.leerpunten.map((l) => ({ ...l })) };
  switch (patch.part) {
    case "consultDate":
      next.consultDate = patch.value || null;
      break;
    case "description":
    case "learningQuestion":
    case "overall":
      next[patch.part] = patch.value.trim();
      break;
    case "itemScore": {
      const score: FeedbackScore | null = patch.value === "" ? null : patch.value === "nvt" ? "nvt" : (Number(patch.value) as FeedbackScore);
      next.items[patch.item] = { score, comment: next.items[patch.item]?.comment ?? "" };
      break;
    }
    case "itemComment":
      next.items[patch.item] = { score: next.items[patch.item]?.score ?? null, comment: patch.value.trim() };
      break;
    case "addLeerpunt":
      if (!patch.value.trim()) return "emptyLeerpunt";
      if (next.leerpunten.length >= LEERPUNTEN_MAX) return "tooManyLeerpunten";
      next.leerpunten.push({ id: newId(), text: patch.value.trim(), agreementId: null, goalId: null, suggestionId: null });
      break;
    case "leerpuntText": {
      const l = next.leerpunten.find((x) => x.id === patch.leerpuntId);
      if (!l) return "notFound";
      if (!patch.value.trim()) return "emptyLeerpunt";
      l.text = patch.value.trim();
      break;
    }
    case "removeLeerpunt":
      next.leerpunten = next.leerpunten.filter((x) => x.id !== patch.leerpuntId);
      break;
  }
  return next;
}

/** Reads the form, checks it is the actor's pair's and still writable. */
async function writableForm(services: Services, actor: Actor, formId: string): Promise<{ form: ConsultFeedbackRow } | { problem: "notFound" | "readOnly" }> {
  const form = await findFeedback(services.db, formId);
  if (!form || form.pair_id !== actor.pairId) return { problem: "notFound" };
  if (await services.isMeetingReadOnly(form.meeting_id)) return { problem: "readOnly" };
  return { form };
}

/**
 * Saves one part of a form. The aios writes the learning question, the opleider the scores,
 * comments and overall feedback; both the date, the description and the leerpunten. A text
 * with an obvious patient identifier is refused and nothing is stored. Two saves at once both
 * land: the write is a compare-and-set on the form's revision, retried on the new content.
 */
export async function saveFeedback(services: Services, actor: Actor, formId: string, patch: FeedbackPatch): Promise<FeedbackResult<{ entry: ConsultFeedbackEntry }>> {
  const writer = partWriter(patch.part);
  if (writer === "aios" && actor.role !== "aios") return { ok: false, problem: "onlyAios" };
  if (writer === "opleider" && actor.role !== "opleider") return { ok: false, problem: "onlyOpleider" };
  const text = patchText(patch);
  if (text !== null) {
    if (text.trim().length > FEEDBACK_TEXT_MAX) return { ok: false, problem: "tooLong" };
    const identifier = findPatientIdentifier(text);
    if (identifier) return { ok: false, problem: "identifies", identifier };
  }
  return updateForm(services, actor, formId, (content) => applyPatch(content, patch));
}

async function updateForm(
  services: Services,
  actor: Actor,
  formId: string,
  change: (content: FeedbackContent) => FeedbackContent | FeedbackProblem,
): Promise<FeedbackResult<{ entry: ConsultFeedbackEntry }>> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const found = await writableForm(services, actor, formId);
    if ("problem" in found) return { ok: false, problem: found.problem };
    const { form } = found;
    const next = change(parseFeedbackContent(form.content));
    if (typeof next === "string") return { ok: false, problem: next };
    const at = new Date().toISOString();
    const saved = await saveFeedbackContent(
      services.db,
      { id: form.id, meetingId: form.meeting_id, revision: form.revision },
      { content: JSON.stringify(next), savedBy: actor.userId, at, feedbackGivenAt: holdsFeedback(next) ? at : null },
    );
    if (saved) {
      services.live.pairChanged(form.pair_id);
      return { ok: true, entry: { id: form.id, ...next } };
    }
  }
  return { ok: false, problem: "failed" };
}

/**
 * A leerpunt becomes an agreement of this meeting in one click (either member): an agreement
 * node with the leerpunt's text, the aios as owner, linked to `goalId` when that is an open
 * goal of the pair. Written through the collaboration server, like a person's edit.
 */
export async function leerpuntToAgreement(
  services: Services & Pick<AppServices, "editDocument">,
  actor: Actor,
  formId: string,
  leerpuntId: string,
  goalId: string | null,
): Promise<FeedbackResult<{ agreementId: string }>> {
  const found = await writableForm(services, actor, formId);
  if ("problem" in found) return { ok: false, problem: found.problem };
  const leerpunt = parseFeedbackContent(found.form.content).leerpunten.find((l) => l.id === leerpuntId);
  if (!leerpunt) return { ok: false, problem: "notFound" };
  if (leerpunt.agreementId) return { ok: false, problem: "alreadyDone" };
  const goal = goalId ? await findGoal(services.db, goalId) : undefined;
  const linked = goal && goal.pair_id === actor.pairId && isOpenGoal(goal.status) ? goal.id : null;
  const agreementId = newId();
  await services.editDocument(meetingDocName(found.form.meeting_id), (doc) =>
    appendToField(doc, MeetingField.agreements, [
      { type: "agreement", attrs: { id: agreementId, owner: "aios", followUpDate: null, status: "open", goalId: linked }, content: [{ type: "text", text: leerpunt.text }] },
    ]),
  );
  const result = await updateForm(services, actor, formId, (content) => {
    const l = content.leerpunten.find((x) => x.id === leerpuntId);
    if (l) l.agreementId = agreementId;
    return content;
  });
  return result.ok ? { ok: true, agreementId } : result;
}

/**
 * A leerpunt becomes a learning goal in one click: the aios's own goal (evaluated in six
 * weeks; the aios completes it on the goal's page), or, clicked by the opleider, a suggestion
 * the aios accepts or not (the aios owns the goals).
 */
export async function leerpuntToGoal(services: Services, actor: Actor, formId: string, leerpuntId: string): Promise<FeedbackResult<{ goalId?: string; suggestionId?: string }>> {
  const found = await writableForm(services, actor, formId);
  if ("problem" in found) return { ok: false, problem: found.problem };
  const leerpunt = parseFeedbackContent(found.form.content).leerpunten.find((l) => l.id === leerpuntId);
  if (!leerpunt) return { ok: false, problem: "notFound" };
  if (leerpunt.goalId || leerpunt.suggestionId) return { ok: false, problem: "alreadyDone" };
  const what = leerpunt.text.slice(0, 300);
  let made: { goalId?: string; suggestionId?: string };
  if (actor.role === "aios") {
    const evaluateOn = amsterdamDate(addDays(new Date(), 42).getTime());
    const goal = await createGoal(services, actor, { what, why: "", how: "", evidence: "", evaluateOn, competency: null }, `feedback:${formId}`);
    if (!goal.ok) return { ok: false, problem: "failed" };
    made = { goalId: goal.goal.id };
  } else {
    const suggestion = await suggestGoal(services, actor, { what, why: "" });
    if (!suggestion.ok) return { ok: false, problem: "failed" };
    made = { suggestionId: suggestion.suggestionId };
  }
  const result = await updateForm(services, actor, formId, (content) => {
    const l = content.leerpunten.find((x) => x.id === leerpuntId);
    if (l) Object.assign(l, made);
    return content;
  });
  return result.ok ? { ok: true, ...made } : result;
}
