import { z } from "zod";
import { INTERVAL_NORMS, type IntervalSettingKey } from "./norm-list";

// A pair's norm settings. The defaults are the norms of the AMC "Leergesprekken" seed:
// "gesprekken van minimaal 45 minuten ... minstens 3 x per week", taakgericht "minimaal 1x per
// week", persoonsgericht "minimaal 1x per 3 weken", procesgericht "minimaal 1x per 6 weken".
// (The same seed later says "min. 1x per 6 weken een persoonsgericht leergesprek"; we follow the
// list at its top, as issue #5 does, and a pair that agreed otherwise changes its setting.)
// The interval norms (per kind, and feedback on consult recordings) come from norm-list.ts.
// Stored as JSON text on the pairs table (pairs.norm_settings).

/** What a pair may set: the weekly minimum and, per interval norm (norm-list.ts), its every-N-weeks. */
export type NormSettings = {
  /** Leergesprekken of at least `minimumMinutes` per ISO week. */
  weeklyMinimum: number;
  /** Actual length (ended_at − started_at) a meeting needs to count as a leergesprek. */
  minimumMinutes: number;
} & Record<IntervalSettingKey, number>;

/** The bounds of every setting: they keep a typo from turning a norm off or making it impossible. */
export const normSettingsSchema = z.object({
  weeklyMinimum: z.number().int().min(1).max(10),
  minimumMinutes: z.number().int().min(10).max(240),
  ...Object.fromEntries(INTERVAL_NORMS.map((n) => [n.settingKey, z.number().int().min(1).max(n.maxWeeks)])),
}) as unknown as z.ZodObject<Record<keyof NormSettings, z.ZodNumber>>;

/** The seed's norms, used until a pair changes them. */
export const DEFAULT_NORM_SETTINGS: Readonly<NormSettings> = Object.freeze({
  weeklyMinimum: 3,
  minimumMinutes: 45,
  ...(Object.fromEntries(INTERVAL_NORMS.map((n) => [n.settingKey, n.everyWeeks])) as Record<IntervalSettingKey, number>),
});

/** Every setting's key, in the order the settings page shows them. */
export const NORM_SETTING_KEYS = Object.keys(DEFAULT_NORM_SETTINGS) as Array<keyof NormSettings>;

/**
 * Reads the stored JSON of a pair's settings. Field by field: a missing or invalid field takes
 * its default, so one bad value (or no column value at all) never hides the whole panel.
 */
export function parseNormSettings(json: string | null): NormSettings {
  const settings: NormSettings = { ...DEFAULT_NORM_SETTINGS };
  if (json == null || json.trim() === "") return settings;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return settings;
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return settings;
  const record = raw as Record<string, unknown>;
  for (const key of NORM_SETTING_KEYS) {
    const parsed = normSettingsSchema.shape[key].safeParse(record[key]);
    if (parsed.success) settings[key] = parsed.data;
  }
  return settings;
}
