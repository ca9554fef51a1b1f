import { z } from "zod";
import { MEETING_KINDS, SUBKINDS_BY_KIND, TAAK_SUBKINDS, isValidSubkind } from "./kinds";
import { calendarDateField, clockTimeField, existsInAmsterdam } from "../forms/dates";

// The scheduling form. Messages are i18n keys (forms.*).

export const DEFAULT_PLANNED_MINUTES = 45;

export const scheduleMeetingSchema = z
  .object({
    kind: z.enum(MEETING_KINDS, { message: "forms.kindRequired" }),
    subkind: z
      .union([z.enum(TAAK_SUBKINDS), z.literal("")])
      .optional()
      .transform((s) => (s ? s : null)),
    date: calendarDateField,
    time: clockTimeField,
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
  .refine((v) => isValidSubkind(v.kind, v.subkind), { path: ["subkind"], message: "forms.subkindRequired" })
  // The hour the clock skips when summer time starts (last Sunday of March, 02:00–03:00) is no time to meet.
  .refine((v) => existsInAmsterdam(v.date, v.time), { path: ["time"], message: "safety.dates.timeSkipped" });
export type ScheduleMeetingInput = z.infer<typeof scheduleMeetingSchema>;
