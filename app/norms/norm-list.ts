import { MEETING_KIND_DEFINITIONS, type KindNorm } from "../meetings/kinds";

// The "at least once every N weeks" norms of a pair, in the order the panel shows them (after
// the weekly minimum of leergesprekken): one per kind that has a norm in the kind registry,
// then the ones counted from something other than meetings. Each says what it counts, its
// setting (key, default, bounds) and its words; the counting (norms.ts), the settings
// (settings.ts, the settings page) and the panel read this list and nothing else.

type KindsWithNorm = Extract<(typeof MEETING_KIND_DEFINITIONS)[number], { norm: KindNorm }>;
/** A kind that has its own frequency norm. */
export type IntervalKind = KindsWithNorm["id"];

/** What an interval norm counts: held leergesprekken of one kind, or feedback on consult recordings. */
export type NormSource = { meetingsOfKind: IntervalKind } | { consultFeedback: true };

export interface IntervalNormDefinition<Id extends string = string> {
  id: Id;
  /** The pair's setting: at least once every this many ISO weeks. */
  settingKey: `${Id}EveryWeeks`;
  everyWeeks: number;
  maxWeeks: number;
  counts: NormSource;
  /**
   * i18n keys: the norm's title ({{count}} weeks, {{kind}} the subject's label), what it says
   * when none happened yet, its setting's label, and its chart's title when it has a chart.
   */
  i18n: { label: string; subject?: string; never: string; setting: string; chartTitle?: string };
  /** Whether the panel draws its own 12-week chart (the weekly minimum always has one). */
  chart: boolean;
}

const kindNorms = (MEETING_KIND_DEFINITIONS.filter((k) => k.norm !== null) as KindsWithNorm[]).map(
  (k): IntervalNormDefinition<IntervalKind> => ({
    id: k.id,
    settingKey: `${k.id}EveryWeeks`,
    everyWeeks: k.norm.everyWeeks,
    maxWeeks: k.norm.maxWeeks,
    counts: { meetingsOfKind: k.id },
    i18n: { label: "norms.every", subject: `meetingKinds.${k.id}`, never: "norms.neverHeld", setting: "pairSettings.everyWeeksOf" },
    chart: false,
  }),
);

/**
 * The seed (Leergesprekken, AMC 2021): "We verwachten dat de aios tenminste 1 x per week feedback
 * krijgt van de opleider op een opname van een consult."
 */
const consultFeedbackNorm: IntervalNormDefinition<"consultFeedback"> = {
  id: "consultFeedback",
  settingKey: "consultFeedbackEveryWeeks",
  everyWeeks: 1,
  maxWeeks: 12,
  counts: { consultFeedback: true },
  i18n: {
    label: "consultFeedback.norm.label",
    never: "consultFeedback.norm.never",
    setting: "consultFeedback.norm.setting",
    chartTitle: "consultFeedback.norm.chartTitle",
  },
  chart: true,
};

/** Every interval norm, in panel order. */
export const INTERVAL_NORMS: ReadonlyArray<IntervalNormDefinition<IntervalNormId>> = [...kindNorms, consultFeedbackNorm];
export type IntervalNormId = IntervalKind | "consultFeedback";
export type IntervalSettingKey = `${IntervalNormId}EveryWeeks`;
export type NormId = "weekly" | IntervalNormId;
