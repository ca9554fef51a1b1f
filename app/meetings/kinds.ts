import { z } from "zod";
import type { JSONContent } from "@tiptap/core";
import {
  CASUSBESPREKING_FORM,
  CONSULTATIE_FORM,
  CONSULTBESPREKING_FORM,
  ILP_BESPREKING_FORM,
  LIJN_MODULEONDERWIJS_FORM,
  OBSERVATIE_FORM,
  PERSOONSGERICHT_TEMPLATE,
  PROCES_ROUND,
  PROCESGERICHT_TEMPLATE,
  TAAK_COACHING,
  TAAKGERICHT_TEMPLATE,
  THEMABESPREKING_FORM,
  VAARDIGHEDEN_OEFENEN_FORM,
  VOORTGANG_TEMPLATE,
  buildProcesRoundContent,
  normalizeTemplateText,
  type MeetingTemplate,
  type QuestionBank,
  type SubformTemplate,
} from "./templates";
import { prepTemplate } from "./proces-prep";

// THE registry of the kinds of leergesprek (see DESIGN.md and the AMC "Leergesprekken" seed):
// one entry per kind says everything the app does differently for it — its labels, its
// sub-forms, the template a new meeting starts with, whether it counts as a leergesprek and
// how often it should be held (its norm), what each side prepares privately before it, and
// which panels its meeting page shows. A new kind is one entry here (plus its template's
// content in templates.ts); nothing else branches on a kind's name. Ids are stable slugs
// stored in the database (meetings.kind); the database does not know the list.

/** A label in both languages of the UI (the i18n files take the kinds' labels from here). */
export interface Labels {
  nl: string;
  en: string;
}

/** The panels a meeting page can show beside the workspace, and whether one starts open or folded. */
export type MeetingPanel = "goals" | "consultFeedback";
export type MeetingPanels = Partial<Record<MeetingPanel, "open" | "folded">>;

/** A sub-form of a kind (the forms of a taakgericht leergesprek). */
export interface SubkindDefinition {
  id: string;
  labels: Labels;
  /** Its own agenda and the prompts before its kind's shared questions. */
  form: SubformTemplate;
  /** Panels it shows differently from its kind (e.g. open instead of folded). */
  panels?: MeetingPanels;
}

/** How often a kind should be held: at least once every `everyWeeks` ISO weeks (a pair's setting, 1…`maxWeeks`). */
export interface KindNorm {
  everyWeeks: number;
  maxWeeks: number;
}

/**
 * What each side writes privately before the meeting and the aios reveals into the shared
 * notes at once (the procesgericht 3+3). The i18n keys name the UI's words for it.
 */
export interface Preparation {
  /** The fill-in the template puts into the shared notes; the reveal fills it in. */
  notesContent: () => JSONContent[];
  /** What each person's private preparation field starts with. */
  privateTemplate: () => JSONContent;
  /** The fill-in's own words: a report never copies them as if someone wrote them. */
  texts: readonly string[];
  i18n: { privateHint: string; privateTitle: string; insertButton: string; reminderText: string; reminderButton: string };
}

export interface MeetingKindDefinition {
  id: string;
  labels: Labels;
  /** The sub-forms; when there are any, scheduling asks for one. */
  subkinds: readonly SubkindDefinition[];
  template: MeetingTemplate;
  /** Counts toward the weekly minimum of leergesprekken (the seed: a voortgangsgesprek is no leergesprek). */
  leergesprek: boolean;
  /** Its frequency norm, or null when it has none. */
  norm: KindNorm | null;
  preparation: Preparation | null;
  panels: MeetingPanels;
}

const PROCES_PREPARATION: Preparation = {
  notesContent: buildProcesRoundContent,
  privateTemplate: prepTemplate,
  texts: Object.values(PROCES_ROUND),
  i18n: {
    privateHint: "workspace.privateProcesHint",
    privateTitle: "workspace.prepTitle",
    insertButton: "templates.insertProces",
    reminderText: "mail.meetingReminder.procesPrep",
    reminderButton: "mail.meetingReminder.procesButton",
  },
};

/** Every kind of meeting, in the order a picker shows them. */
export const MEETING_KIND_DEFINITIONS = [
  {
    id: "persoonsgericht",
    labels: { nl: "Persoonsgericht leergesprek", en: "Person-oriented conversation" },
    subkinds: [],
    template: PERSOONSGERICHT_TEMPLATE,
    leergesprek: true,
    // The seed's list: "persoonsgericht leergesprek (minimaal 1x per 3 weken)".
    norm: { everyWeeks: 3, maxWeeks: 26 },
    preparation: null,
    panels: {},
  },
  {
    id: "taakgericht",
    labels: { nl: "Taakgericht leergesprek", en: "Task-oriented conversation" },
    subkinds: [
      // The seed: "Een zeer praktisch instrument om de aios concrete feedback te geven op zijn consult is de Maas Globaal."
      { id: "consultbespreking", labels: { nl: "Consultbespreking", en: "Consultation review" }, form: CONSULTBESPREKING_FORM, panels: { consultFeedback: "open" } },
      { id: "casusbespreking", labels: { nl: "Casusbespreking", en: "Case discussion" }, form: CASUSBESPREKING_FORM },
      { id: "themabespreking", labels: { nl: "Themabespreking", en: "Theme discussion" }, form: THEMABESPREKING_FORM },
      { id: "consultatie", labels: { nl: "Consultatie", en: "Ad hoc consultation" }, form: CONSULTATIE_FORM },
      { id: "observatie", labels: { nl: "Observatie", en: "Observation" }, form: OBSERVATIE_FORM },
      { id: "ilp-bespreking", labels: { nl: "ILP-bespreking", en: "Individual learning plan (ILP) review" }, form: ILP_BESPREKING_FORM, panels: { goals: "open" } },
      { id: "vaardigheden-oefenen", labels: { nl: "Vaardigheden oefenen", en: "Practising skills" }, form: VAARDIGHEDEN_OEFENEN_FORM },
      { id: "lijn-moduleonderwijs", labels: { nl: "Lijn-/moduleonderwijs", en: "Curriculum or module teaching" }, form: LIJN_MODULEONDERWIJS_FORM },
    ],
    template: TAAKGERICHT_TEMPLATE,
    leergesprek: true,
    norm: { everyWeeks: 1, maxWeeks: 12 },
    preparation: null,
    // "We verwachten dat de aios tenminste 1 x per week feedback krijgt ... op een opname van een consult."
    panels: { consultFeedback: "folded" },
  },
  {
    id: "procesgericht",
    labels: { nl: "Procesgericht leergesprek", en: "Process-oriented conversation" },
    subkinds: [],
    template: PROCESGERICHT_TEMPLATE,
    leergesprek: true,
    norm: { everyWeeks: 6, maxWeeks: 26 },
    preparation: PROCES_PREPARATION,
    panels: {},
  },
  {
    id: "voortgang",
    labels: { nl: "Voortgangsgesprek", en: "Progress review" },
    subkinds: [],
    template: VOORTGANG_TEMPLATE,
    // "leer- of voortgangsgesprek": not a leergesprek, and no norm of its own.
    leergesprek: false,
    norm: null,
    preparation: null,
    panels: { goals: "open" },
  },
] as const satisfies readonly MeetingKindDefinition[];

type KindEntry = (typeof MEETING_KIND_DEFINITIONS)[number];
export type MeetingKind = KindEntry["id"];
export type TaakSubkind = KindEntry["subkinds"][number]["id"];

/** Every kind's id, in picker order. */
export const MEETING_KINDS = MEETING_KIND_DEFINITIONS.map((k) => k.id) as unknown as readonly [MeetingKind, ...MeetingKind[]];
export const meetingKindSchema = z.enum(MEETING_KINDS as unknown as [MeetingKind, ...MeetingKind[]]);

/** Every sub-form of every kind (ids are unique across kinds). */
export const TAAK_SUBKINDS = MEETING_KIND_DEFINITIONS.flatMap((k) => k.subkinds.map((s) => s.id)) as unknown as readonly [TaakSubkind, ...TaakSubkind[]];
export const taakSubkindSchema = z.enum(TAAK_SUBKINDS as unknown as [TaakSubkind, ...TaakSubkind[]]);

/** Which subkinds each kind allows. */
export const SUBKINDS_BY_KIND = Object.fromEntries(MEETING_KIND_DEFINITIONS.map((k) => [k.id, k.subkinds.map((s) => s.id)])) as unknown as Readonly<
  Record<MeetingKind, readonly TaakSubkind[]>
>;

/** A kind stored earlier that the registry no longer knows: it shows by its id and has no template, norm or panels. */
function unknownKind(id: string): MeetingKindDefinition {
  return {
    id,
    labels: { nl: id, en: id },
    subkinds: [],
    template: { agenda: [], questionBank: { title: "", sections: [] }, minimumAgreements: 0 },
    leergesprek: true,
    norm: null,
    preparation: null,
    panels: {},
  };
}

const BY_ID = new Map<string, MeetingKindDefinition>(MEETING_KIND_DEFINITIONS.map((k) => [k.id, k]));

/** Whether a stored or submitted value is a kind the registry knows. */
export function isMeetingKind(value: unknown): value is MeetingKind {
  return typeof value === "string" && BY_ID.has(value);
}

/** A kind's definition; a stored kind the registry does not know (any more) reads as a plain one. */
export function kindOf(kind: string): MeetingKindDefinition {
  return BY_ID.get(kind) ?? unknownKind(kind);
}

/** The sub-form of a kind, or null (none, or one that does not belong to the kind). */
export function subkindOf(kind: string, subkind: string | null | undefined): SubkindDefinition | null {
  return (subkind && kindOf(kind).subkinds.find((s) => s.id === subkind)) || null;
}

/** True when `subkind` may go with `kind`; null (no subkind) is valid for every kind. */
export function isValidSubkind(kind: string, subkind: string | null | undefined): boolean {
  return subkind == null || subkindOf(kind, subkind) !== null;
}

/** A meeting's kind and optional subkind, checked together (e.g. for a scheduling form). */
export const meetingKindWithSubkindSchema = z
  .object({ kind: meetingKindSchema, subkind: taakSubkindSchema.nullable().default(null) })
  .refine((v) => isValidSubkind(v.kind, v.subkind), { message: "subkind does not belong to kind", path: ["subkind"] });
export type MeetingKindWithSubkind = z.infer<typeof meetingKindWithSubkindSchema>;

/**
 * The template for a kind; a sub-form brings its own agenda and puts its own prompts before
 * the kind's shared questions. A subkind of another kind is ignored.
 */
export function meetingTemplate(kind: string, subkind?: string | null): MeetingTemplate {
  const base = kindOf(kind).template;
  const form = subkindOf(kind, subkind)?.form;
  if (!form) return base;
  return { ...base, agenda: form.agenda, questionBank: { title: base.questionBank.title, sections: [form.section, TAAK_COACHING] } };
}

/** The panels a meeting of this kind and sub-form shows, and how each starts. */
export function meetingPanels(kind: string, subkind?: string | null): MeetingPanels {
  return { ...kindOf(kind).panels, ...(subkindOf(kind, subkind)?.panels ?? {}) };
}

/** The label of every kind in one language, by id (for the i18n files: `meetingKinds`). */
export function kindLabels(language: keyof Labels): Record<MeetingKind, string> & Partial<Record<string, string>> {
  return Object.fromEntries(MEETING_KIND_DEFINITIONS.map((k) => [k.id, k.labels[language]])) as Record<MeetingKind, string>;
}

/** The label of every sub-form in one language, by id (for the i18n files: `taakSubkinds`). */
export function subkindLabels(language: keyof Labels): Record<TaakSubkind, string> & Partial<Record<string, string>> {
  return Object.fromEntries(MEETING_KIND_DEFINITIONS.flatMap((k) => k.subkinds.map((s) => [s.id, s.labels[language]]))) as Record<TaakSubkind, string>;
}

/**
 * Every text the templates put into the notes (question banks of every kind and sub-form,
 * the preparations' fill-ins), normalized: a notes block with exactly such a text is a
 * prompt nobody used, and a report never copies it.
 */
export function templateTexts(): ReadonlySet<string> {
  const texts = new Set<string>();
  const add = (text: string) => texts.add(normalizeTemplateText(text));
  const banks: QuestionBank[] = [];
  for (const kind of MEETING_KIND_DEFINITIONS as readonly MeetingKindDefinition[]) {
    banks.push(kind.template.questionBank);
    for (const sub of kind.subkinds) banks.push({ title: "", sections: [sub.form.section] });
    kind.preparation?.texts.forEach(add);
  }
  for (const bank of banks) {
    if (bank.title) add(bank.title);
    for (const section of bank.sections) {
      add(section.heading);
      section.questions.forEach(add);
    }
  }
  return texts;
}
