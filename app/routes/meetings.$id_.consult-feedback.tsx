import { json, type ActionFunctionArgs } from "@remix-run/node";
import { meetingAccess, orRefuse } from "../auth/access.server";
import { requireSession } from "../auth/session.server";
import { feedbackPatchSchema, feedbackRequestSchema } from "../consult-feedback/feedback-forms";
import { leerpuntToAgreement, leerpuntToGoal, saveFeedback, startFeedback } from "../consult-feedback/consult-feedback.server";

// The consult feedback panel's requests (issue #17): start a form, save one part, turn a
// leerpunt into an agreement or a goal. Members of the meeting's pair only (404/403 otherwise);
// the domain functions decide who writes which part. A bad request is a 400 with a reason.

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { meeting, role } = orRefuse(await meetingAccess(context.services.db, user.id, params.id ?? ""));
  const actor = { pairId: meeting.pair_id, userId: user.id, role };
  const parsed = feedbackRequestSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ ok: false as const, problem: "invalid" as const }, { status: 400 });
  const req = parsed.data;
  switch (req.intent) {
    case "start":
      return statusOf(await startFeedback(context.services, actor, meeting));
    case "save": {
      let patch: unknown;
      try {
        patch = JSON.parse(req.patch);
      } catch {
        patch = null;
      }
      const checked = feedbackPatchSchema.safeParse(patch);
      if (!checked.success) return json({ ok: false as const, problem: "invalid" as const }, { status: 400 });
      return statusOf(await saveFeedback(context.services, actor, req.formId, checked.data));
    }
    case "toAgreement":
      return statusOf(await leerpuntToAgreement(context.services, actor, req.formId, req.leerpuntId, req.goalId || null));
    case "toGoal":
      return statusOf(await leerpuntToGoal(context.services, actor, req.formId, req.leerpuntId));
  }
}

/**
 * A refusal by role is a 403 and a missing form a 404 (the panel never offers either); what a
 * person can run into while filling in (a patient identifier, too long, the report just
 * confirmed) is a 200 with the reason, which the panel shows under the field.
 */
function statusOf<T extends { ok: boolean; problem?: string }>(result: T) {
  if (result.ok) return json(result);
  const status = result.problem === "onlyAios" || result.problem === "onlyOpleider" ? 403 : result.problem === "notFound" ? 404 : result.problem === "failed" ? 500 : 200;
  return json(result, { status });
}
