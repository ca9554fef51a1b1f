import { z } from "zod";
import { MEETING_KINDS, SUBKINDS_BY_KIND, TAAK_SUBKINDS, isValidSubkind } from "./kinds";

// The scheduling form. Messages are i18n keys (forms.*).

export const DEFAULT_PLANNED_MINUTES = 45;

export const scheduleMeetingSchema = z
  .object({
    kind: z.enum(MEETING_KINDS, { message: "forms.kindRequired" }),
    subkind: z
      .union([z.enum(TAAK_SUBKINDS), z.literal("")])
      .optional()
      .transform((s) => (s ? s : null)),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "forms.dateInvalid"),
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "forms.timeInvalid"),
    plannedMinutes: z.coerce
      .number({ message: "forms.minutesInvalid" })
      .int("forms.minutesInvalid")
      .min(10, "forms.minutesInvalid")
      .max(240, "forms.minutesInvalid"),
    title: z
      .string()
      .trim()
      .max(120, "forms.tooLong")
      .optional()
      .transform((t) => (t ? t : null)),
    useTemplate: z.literal("on").optional(),
  })
  // A kind with sub-forms needs one; any other kind has none.
  .transform((v) => ({ ...v, subkind: SUBKINDS_BY_KIND[v.kind].length > 0 ? v.subkind : null }))
  .refine((v) => SUBKINDS_BY_KIND[v.kind].length === 0 || v.subkind !== null, { path: ["subkind"], message: "forms.subkindRequired" })
  .refine((v) => isValidSubkind(v.kind, v.subkind), { path: ["subkind"], message: "forms.subkindRequired" });
export type ScheduleMeetingInput = z.infer<typeof scheduleMeetingSchema>;
