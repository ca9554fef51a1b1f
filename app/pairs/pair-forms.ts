import { z } from "zod";
import { calendarDateField } from "../forms/dates";

// Form schemas for pairs; messages are i18n keys (forms.*).

export const newPairSchema = z
  .object({
    practiceName: z.string().trim().min(1, "forms.practiceRequired").max(120, "forms.tooLong"),
    creatorRole: z.enum(["opleider", "aios"], { message: "forms.roleRequired" }),
    trainingYear: z.enum(["1", "3"], { message: "forms.yearRequired" }).transform((y) => (y === "1" ? 1 : 3) as 1 | 3),
    startsOn: calendarDateField,
    endsOn: calendarDateField,
  })
  // Real dates in one format compare as strings; a period of a single day is allowed.
  .refine((p) => p.startsOn <= p.endsOn, { path: ["endsOn"], message: "forms.endBeforeStart" });
