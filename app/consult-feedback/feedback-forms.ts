import { z } from "zod";
import { FEEDBACK_TEXT_MAX, MAAS_ITEM_IDS } from "./feedback-content";

// What one save of a consult feedback form changes: one part at a time (a field saved when the
// person leaves it, a score when it is picked), so two people filling in different parts at
// once never overwrite each other. Shared by the browser and the server.

const text = z.string().max(FEEDBACK_TEXT_MAX * 2).default("");
const leerpuntId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** One change to a form. `value` "" clears a field; a score "" removes the score. */
export const feedbackPatchSchema = z.discriminatedUnion("part", [
  z.object({ part: z.literal("consultDate"), value: z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]) }),
  z.object({ part: z.literal("description"), value: text }),
  z.object({ part: z.literal("learningQuestion"), value: text }),
  z.object({ part: z.literal("overall"), value: text }),
  z.object({ part: z.literal("itemScore"), item: z.enum(MAAS_ITEM_IDS), value: z.enum(["", "1", "2", "3", "4", "5", "nvt"]) }),
  z.object({ part: z.literal("itemComment"), item: z.enum(MAAS_ITEM_IDS), value: text }),
  z.object({ part: z.literal("addLeerpunt"), value: text }),
  z.object({ part: z.literal("leerpuntText"), leerpuntId, value: text }),
  z.object({ part: z.literal("removeLeerpunt"), leerpuntId }),
]);
export type FeedbackPatch = z.infer<typeof feedbackPatchSchema>;

/** Who writes which part: the aios asks the learning question, the opleider gives the feedback, both write the rest. */
export function partWriter(part: FeedbackPatch["part"]): "aios" | "opleider" | "both" {
  if (part === "learningQuestion") return "aios";
  if (part === "itemScore" || part === "itemComment" || part === "overall") return "opleider";
  return "both";
}

/** The requests of the feedback panel (one route, by intent). */
export const feedbackRequestSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start") }),
  z.object({ intent: z.literal("save"), formId: z.string().min(1).max(64), patch: z.string().max(8000) }),
  z.object({ intent: z.literal("toAgreement"), formId: z.string().min(1).max(64), leerpuntId, goalId: z.string().max(64).optional().default("") }),
  z.object({ intent: z.literal("toGoal"), formId: z.string().min(1).max(64), leerpuntId }),
]);
