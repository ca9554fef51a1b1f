import { z } from "zod";

// The kinds of leergesprek (see DESIGN.md and the AMC "Leergesprekken" seed). Ids are
// stable slugs stored in the database; display labels live in i18n under
// `meetingKinds.*` and `taakSubkinds.*`.

/** Every kind of meeting, in the order a picker shows them. */
export const MEETING_KINDS = ["persoonsgericht", "taakgericht", "procesgericht", "voortgang"] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const meetingKindSchema = z.enum(MEETING_KINDS);

/** The sub-forms of a taakgericht leergesprek. */
export const TAAK_SUBKINDS = [
  "consultbespreking",
  "casusbespreking",
  "themabespreking",
  "consultatie",
  "observatie",
  "ilp-bespreking",
  "vaardigheden-oefenen",
  "lijn-moduleonderwijs",
] as const;
export type TaakSubkind = (typeof TAAK_SUBKINDS)[number];
export const taakSubkindSchema = z.enum(TAAK_SUBKINDS);

/** Which subkinds each kind allows; only taakgericht has sub-forms. */
export const SUBKINDS_BY_KIND: Readonly<Record<MeetingKind, readonly TaakSubkind[]>> = {
  persoonsgericht: [],
  taakgericht: TAAK_SUBKINDS,
  procesgericht: [],
  voortgang: [],
};

/** True when `subkind` may go with `kind`; null (no subkind) is valid for every kind. */
export function isValidSubkind(kind: MeetingKind, subkind: string | null | undefined): boolean {
  if (subkind == null) return true;
  return (SUBKINDS_BY_KIND[kind] as readonly string[]).includes(subkind);
}

/** A meeting's kind and optional subkind, checked together (e.g. for a scheduling form). */
export const meetingKindWithSubkindSchema = z
  .object({ kind: meetingKindSchema, subkind: taakSubkindSchema.nullable().default(null) })
  .refine((v) => isValidSubkind(v.kind, v.subkind), { message: "subkind does not belong to kind", path: ["subkind"] });
export type MeetingKindWithSubkind = z.infer<typeof meetingKindWithSubkindSchema>;
