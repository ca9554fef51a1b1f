import { z } from "zod";

// Form schemas for pairs; messages are i18n keys (forms.*).

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "forms.dateInvalid");

export const newPairSchema = z
  .object({
    practiceName: z.string().trim().min(1, "forms.practiceRequired").max(120, "forms.tooLong"),
    creatorRole: z.enum(["opleider", "aios"], { message: "forms.roleRequired" }),
    trainingYear: z.enum(["1", "3"], { message: "forms.yearRequired" }).transform((y) => (y === "1" ? 1 : 3) as 1 | 3),
    startsOn: isoDate,
    endsOn: isoDate,
  })
  .refine((p) => p.endsOn > p.startsOn, { path: ["endsOn"], message: "forms.endBeforeStart" });
