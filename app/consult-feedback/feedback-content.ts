import { z } from "zod";

// Feedback on a consult recording, structured after the MAAS-Globaal (Maastrichtse Anamnese en
// Adviesscorelijst, globale versie; Van Thiel, Ram & Van Dalen, 2000): communication skills per
// phase of the consult, phase-independent communication skills, and the medical content, each
// with a score and a comment; then the overall feedback and the leerpunten. The item names
// (labels and hints, Dutch and English) live in the i18n files under `consultFeedback.items`.
// Pure and shared by the browser and the server.

/** The groups of the MAAS-Globaal, in the order of the form. */
export const MAAS_GROUPS = ["phase", "general", "medical"] as const;
export type MaasGroup = (typeof MAAS_GROUPS)[number];

/** The items of the MAAS-Globaal, by group (ids are stored: never rename one). */
export const MAAS_ITEMS = [
  // Communicatievaardigheden per fase van het consult.
  { id: "introductie", group: "phase" },
  { id: "vervolgconsult", group: "phase" },
  { id: "vraagverheldering", group: "phase" },
  { id: "lichamelijkOnderzoek", group: "phase" },
  { id: "diagnose", group: "phase" },
  { id: "beleid", group: "phase" },
  { id: "afronding", group: "phase" },
  // Algemene (fase-onafhankelijke) communicatievaardigheden.
  { id: "exploreren", group: "general" },
  { id: "emoties", group: "general" },
  { id: "informatieGeven", group: "general" },
  { id: "samenvatten", group: "general" },
  { id: "structureren", group: "general" },
  { id: "empathie", group: "general" },
  // Medisch-inhoudelijk handelen.
  { id: "anamnese", group: "medical" },
  { id: "onderzoekInhoud", group: "medical" },
  { id: "diagnoseInhoud", group: "medical" },
  { id: "beleidInhoud", group: "medical" },
] as const satisfies ReadonlyArray<{ id: string; group: MaasGroup }>;
export type MaasItemId = (typeof MAAS_ITEMS)[number]["id"];
export const MAAS_ITEM_IDS = MAAS_ITEMS.map((i) => i.id) as unknown as readonly [MaasItemId, ...MaasItemId[]];

/**
 * The scale: five words a trainee reads as feedback rather than a grade (the MAAS-Globaal's own
 * 0–6 scale is for assessment), plus "niet van toepassing" for a phase the consult did not have
 * (no physical examination, no follow-up). Stored as the number, or "nvt".
 */
export const FEEDBACK_SCORES = [1, 2, 3, 4, 5, "nvt"] as const;
export type FeedbackScore = (typeof FEEDBACK_SCORES)[number];

/** The longest free text of one field: a comment is a few sentences, not a report. */
export const FEEDBACK_TEXT_MAX = 1000;
/** At most this many leerpunten per form. */
export const LEERPUNTEN_MAX = 12;

/** One item's feedback: its score (null: not scored) and the opleider's comment. */
export interface ItemFeedback {
  score: FeedbackScore | null;
  comment: string;
}

/** One leerpunt, and what it became: an agreement in the meeting, a learning goal or a goal suggestion. */
export interface Leerpunt {
  id: string;
  text: string;
  agreementId: string | null;
  goalId: string | null;
  suggestionId: string | null;
}

/** Everything one feedback form holds (what is stored per revision). */
export interface FeedbackContent {
  /** The day the consult took place, "YYYY-MM-DD", or null when not filled in. */
  consultDate: string | null;
  /** A short description that does not identify the patient. */
  description: string;
  /** The aios's own learning question for this consult. */
  learningQuestion: string;
  items: Partial<Record<MaasItemId, ItemFeedback>>;
  /** The opleider's overall feedback ("overige feedback"). */
  overall: string;
  leerpunten: Leerpunt[];
}

/** One feedback form as versions and the report show it. */
export interface ConsultFeedbackEntry extends FeedbackContent {
  id: string;
}

/** A new form's content. */
export function emptyFeedbackContent(): FeedbackContent {
  return { consultDate: null, description: "", learningQuestion: "", items: {}, overall: "", leerpunten: [] };
}

/** Whether a form holds feedback of the opleider (a score or a comment, or overall feedback): what the weekly norm counts. */
export function holdsFeedback(content: FeedbackContent): boolean {
  return content.overall.trim() !== "" || Object.values(content.items).some((i) => i && (i.score !== null || i.comment.trim() !== ""));
}

/** The items of a form in the form's order, each with its feedback (empty when none). */
export function itemsInOrder(content: FeedbackContent): Array<{ id: MaasItemId; group: MaasGroup } & ItemFeedback> {
  return MAAS_ITEMS.map((item) => ({ ...item, score: content.items[item.id]?.score ?? null, comment: content.items[item.id]?.comment ?? "" }));
}

const scoreSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal("nvt")]);
const leerpuntSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  text: z.string().max(FEEDBACK_TEXT_MAX),
  agreementId: z.string().nullable().default(null),
  goalId: z.string().nullable().default(null),
  suggestionId: z.string().nullable().default(null),
});

/** The stored JSON of a form, read field by field: what does not fit is dropped, never a broken page. */
export function parseFeedbackContent(json: string | null): FeedbackContent {
  const content = emptyFeedbackContent();
  let raw: unknown;
  try {
    raw = json ? JSON.parse(json) : null;
  } catch {
    return content;
  }
  if (typeof raw !== "object" || raw === null) return content;
  const r = raw as Record<string, unknown>;
  if (typeof r.consultDate === "string" && /^\d{4}-\d{2}-\d{2}$/.test(r.consultDate)) content.consultDate = r.consultDate;
  if (typeof r.description === "string") content.description = r.description;
  if (typeof r.learningQuestion === "string") content.learningQuestion = r.learningQuestion;
  if (typeof r.overall === "string") content.overall = r.overall;
  if (typeof r.items === "object" && r.items !== null) {
    for (const id of MAAS_ITEM_IDS) {
      const item = (r.items as Record<string, unknown>)[id] as Record<string, unknown> | undefined;
      if (!item || typeof item !== "object") continue;
      const score = scoreSchema.safeParse(item.score);
      content.items[id] = { score: score.success ? score.data : null, comment: typeof item.comment === "string" ? item.comment : "" };
    }
  }
  if (Array.isArray(r.leerpunten)) {
    for (const l of r.leerpunten) {
      const parsed = leerpuntSchema.safeParse(l);
      if (parsed.success) content.leerpunten.push(parsed.data);
    }
  }
  return content;
}
