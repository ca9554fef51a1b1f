import { z } from "zod";

// A pair's norm settings. The defaults are the norms of the AMC "Leergesprekken" seed:
// "gesprekken van minimaal 45 minuten ... minstens 3 x per week", taakgericht "minimaal 1x per
// week", persoonsgericht "minimaal 1x per 3 weken", procesgericht "minimaal 1x per 6 weken".
// (The same seed later says "min. 1x per 6 weken een persoonsgericht leergesprek"; we follow the
// list at its top, as issue #5 does, and a pair that agreed otherwise changes its setting.)
// Stored as JSON text on the pairs table; the column is added by a later migration.

/** What a pair may set; bounds keep a typo from turning a norm off or making it impossible. */
export const normSettingsSchema = z.object({
  /** Leergesprekken of at least `minimumMinutes` per ISO week. */
  weeklyMinimum: z.number().int().min(1).max(10),
  /** Actual length (ended_at − started_at) a meeting needs to count as a leergesprek. */
  minimumMinutes: z.number().int().min(10).max(240),
  /** At least one taakgericht leergesprek in every this many consecutive ISO weeks. */
  taakgerichtEveryWeeks: z.number().int().min(1).max(12),
  /** At least one persoonsgericht leergesprek in every this many consecutive ISO weeks. */
  persoonsgerichtEveryWeeks: z.number().int().min(1).max(26),
  /** At least one procesgericht leergesprek in every this many consecutive ISO weeks. */
  procesgerichtEveryWeeks: z.number().int().min(1).max(26),
});
export type NormSettings = z.infer<typeof normSettingsSchema>;

/** The seed's norms, used until a pair changes them. */
export const DEFAULT_NORM_SETTINGS: Readonly<NormSettings> = Object.freeze({
  weeklyMinimum: 3,
  minimumMinutes: 45,
  taakgerichtEveryWeeks: 1,
  persoonsgerichtEveryWeeks: 3,
  procesgerichtEveryWeeks: 6,
});

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
  for (const key of Object.keys(normSettingsSchema.shape) as (keyof NormSettings)[]) {
    const parsed = normSettingsSchema.shape[key].safeParse(record[key]);
    if (parsed.success) settings[key] = parsed.data;
  }
  return settings;
}
