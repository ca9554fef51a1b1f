import { z } from "zod";
import { isExists } from "date-fns";
import type { GoalStatus } from "../../db/schema";

// The words and forms of learning goals (issue #17). Messages are i18n keys (goals.errors.*).
// Shared by the browser and the server.

/** The seven competency areas of the Dutch GP competency profile; ids are stored. */
export const COMPETENCY_AREAS = [
  "medisch-handelen",
  "communicatie",
  "samenwerken",
  "kennis-en-wetenschap",
  "maatschappelijk-handelen",
  "organisatie",
  "professionaliteit",
] as const;
export type CompetencyArea = (typeof COMPETENCY_AREAS)[number];

/** A goal's statuses, in the order a picker shows them; actief and bijgesteld are still being worked on. */
export const GOAL_STATUSES = ["actief", "bijgesteld", "behaald", "gestopt"] as const satisfies readonly GoalStatus[];

/** Whether a goal is still being worked on (agenda items and agreements may be linked to it). */
export function isOpenGoal(status: string): boolean {
  return status === "actief" || status === "bijgesteld";
}

export const GOAL_WHAT_MAX = 300;
export const GOAL_TEXT_MAX = 2000;

/** A date "YYYY-MM-DD" that exists in the calendar (not 2026-02-30), between 2000 and 2100, else null. */
export function realDateOrNull(value: unknown): string | null {
  const match = typeof value === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!match) return null;
  const year = Number(match[1]);
  if (year < 2000 || year > 2100) return null;
  return isExists(year, Number(match[2]) - 1, Number(match[3])) ? (value as string) : null;
}

/** A form field holding a real calendar date (date-fns, like the other forms). */
export const goalDateField = z
  .string({ message: "goals.errors.dateInvalid" })
  .trim()
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isExists(Number(v.slice(0, 4)), Number(v.slice(5, 7)) - 1, Number(v.slice(8, 10))), "goals.errors.dateInvalid")
  .refine((v) => realDateOrNull(v) !== null, "goals.errors.dateOutOfRange");

const optionalText = z.string().trim().max(GOAL_TEXT_MAX, "goals.errors.tooLong").optional().default("");

/** A goal's text as the aios writes it. */
export const goalTextSchema = z.object({
  what: z.string({ message: "goals.errors.whatRequired" }).trim().min(1, "goals.errors.whatRequired").max(GOAL_WHAT_MAX, "goals.errors.tooLong"),
  why: optionalText,
  how: optionalText,
  evidence: optionalText,
  evaluateOn: goalDateField,
  competency: z
    .union([z.enum(COMPETENCY_AREAS), z.literal("")])
    .optional()
    .transform((c) => (c ? c : null)),
});
export type GoalText = z.infer<typeof goalTextSchema>;

/** Editing a goal: its text and the revision the form was made from. */
export const editGoalSchema = goalTextSchema.extend({ revision: z.coerce.number().int().min(0) });

/** A status change, with an optional note; `from` is the status the form was made from. */
export const goalStatusSchema = z.object({
  from: z.enum(GOAL_STATUSES),
  to: z.enum(GOAL_STATUSES),
  note: z.string().trim().max(GOAL_TEXT_MAX, "goals.errors.tooLong").optional().default(""),
});

export const goalCommentSchema = z.object({
  text: z.string({ message: "goals.errors.commentRequired" }).trim().min(1, "goals.errors.commentRequired").max(GOAL_TEXT_MAX, "goals.errors.tooLong"),
});

/** The opleider's suggestion: what, and why. */
export const suggestionSchema = z.object({
  what: z.string({ message: "goals.errors.whatRequired" }).trim().min(1, "goals.errors.whatRequired").max(GOAL_WHAT_MAX, "goals.errors.tooLong"),
  why: optionalText,
});

export const declineSchema = z.object({
  suggestionId: z.string().min(1).max(64),
  note: z.string().trim().max(GOAL_TEXT_MAX, "goals.errors.tooLong").optional().default(""),
});

/** The limits a message names ({{max}}). */
export const GOAL_LIMITS = { max: GOAL_TEXT_MAX, whatMax: GOAL_WHAT_MAX } as const;
