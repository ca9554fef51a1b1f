import { kindOf, MEETING_KINDS } from "../meetings/kinds";
import { INTERVAL_NORMS, type IntervalNormDefinition, type IntervalNormId } from "./norm-list";
import type { NormSettings } from "./settings";

export type { IntervalKind, IntervalNormId, NormId } from "./norm-list";

// The norms of issue #5, computed from what actually happened (started_at/ended_at), never from
// what was planned. Everything here is pure: `now` is an argument, so a status can be tested at
// any moment.
//
// Definitions (each one a choice; the seed is "Leergesprekken", AMC 2021):
//
// - Time. Weeks are ISO weeks, Monday 00:00 to Sunday 24:00 wall time in Europe/Amsterdam, the
//   pairs' own time (also across the DST change). All dates in the result are Amsterdam calendar
//   dates "YYYY-MM-DD". A meeting belongs to the week and day in which it *started*.
// - Which meetings count. A meeting counts only when it happened: both started_at and ended_at
//   are set, ended_at is after started_at and not after `now`. It counts toward a norm only when
//   it lasted at least `minimumMinutes` (measured between the two instants, so a DST change
//   during a meeting does not change its length). This holds for the kind intervals too: the seed
//   defines leergesprekken as "gesprekken van minimaal 45 minuten" and then names the
//   persoons-, taak- and procesgericht leergesprek as *types* of them, so a 20-minute talk is no
//   persoonsgericht leergesprek. (A short consultatie is still useful; it is shown in the chart as
//   a short meeting, it just does not tick a norm.)
// - A voortgangsgesprek is not a leergesprek (the seed says "leer- of voortgangsgesprek"): it
//   does not count toward the weekly minimum; the chart shows it per kind. (The kind registry
//   says which kinds are leergesprekken and which have an interval norm: app/meetings/kinds.ts.)
// - Meetings that started before the pair's start date count toward no norm.
// - A pair that just started is never behind for lack of time: the first week that is judged is
//   the first full ISO week on or after `pairStartsOn` (a start on a Wednesday makes that week a
//   grace week), and each interval is first due that many full weeks after that.
//
// The weekly minimum:
// - A week is *met* once `weeklyMinimum` counting leergesprekken started in it. A met week can no
//   longer fail, so the current week counts as soon as it is met.
// - On track: the latest decided week met the norm, where the decided week is the current week
//   if it is already met, else the last completed week. An unfinished week is not overdue before
//   it ends, so it never makes the status worse; `thisWeek` tells how far it is.
// - Since: when the status last changed: behind since the Monday after the first failed week of
//   the current run of failed weeks; on track since the day the meeting that met the first week
//   after the last failed week ended (or the pair's start, when no week failed).
// - Next due: the Sunday ending the current week; the Sunday after that when this week is met.
//
// The kind intervals (every N weeks):
// - Met when every N consecutive ISO weeks hold at least one counting leergesprek of that kind.
//   So after one in week W, the next is due by the Sunday ending week W+N (N = 1: every week).
// - Next due: that Sunday, counted from the last one held, or from the grace start (first judged
//   Monday + N weeks − 1 day) if none was held yet, whichever is later.
// - On track: today is not after the due date. Exactly on the due date is still on track.
//   Behind, the due date has passed: the panel then says since when it is late (the day after),
//   never "next due" with a date gone by.
// - Since: behind since the day after the due date; on track since the end date of the meeting
//   that closed the last late gap (or the pair's start, when none was ever late).
//
// Feedback on a consult recording (an interval norm too, every N weeks, default 1):
// - One feedback form counts once it holds feedback (a score or a comment of the opleider), on
//   the day it was given (`givenOn`, see app/consult-feedback: the day of the meeting it belongs
//   to), not the consult's own date: the norm is about how often the aios gets feedback, and a
//   recording made last week discussed today is this week's feedback. No minimum length.
// - Feedback given before the pair's start date or after today does not count.

/** What the computation needs of a meeting. */
export interface NormMeeting {
  kind: string;
  /** ISO instant (UTC) the meeting was started, or null if it never was. */
  started_at: string | null;
  /** ISO instant (UTC) the meeting was ended, or null if it has not been. */
  ended_at: string | null;
}

/** What the computation needs of one feedback form on a consult recording that holds feedback. */
export interface NormFeedback {
  /** Amsterdam date "YYYY-MM-DD" on which the feedback was given. */
  givenOn: string;
}

interface NormStatusBase {
  onTrack: boolean;
  /** Amsterdam date on which the current status began. */
  since: string;
  /** Amsterdam date by which (inclusive) the next one has to have taken place. */
  nextDue: string;
}

/** The "at least N leergesprekken of M minutes per week" norm. */
export interface WeeklyNormStatus extends NormStatusBase {
  id: "weekly";
  minimum: number;
  minimumMinutes: number;
  /** Counting leergesprekken in the current week so far. */
  thisWeek: number;
  /** Leergesprekken held this week that were shorter than the minimum (they do not count). */
  shortThisWeek: number;
}

/** An "at least once every N weeks" norm (a kind, or feedback on a consult recording). */
export interface IntervalNormStatus extends NormStatusBase {
  id: IntervalNormId;
  everyWeeks: number;
  /** What the panel says: its title, and its words for "none yet" (norm-list.ts). */
  i18n: IntervalNormDefinition["i18n"];
  /** Whether the panel draws this norm's 12-week chart. */
  chart: boolean;
  /** Amsterdam date of the last one that counted (leergesprek of the kind, feedback given), or null if none yet. */
  lastHeldOn: string | null;
  /** Meetings of this kind held since the pair's start that were shorter than the minimum. */
  shortHeld: number;
  /** Amsterdam date of the last of those, or null. */
  lastShortOn: string | null;
}

export type NormStatus = WeeklyNormStatus | IntervalNormStatus;

/** One ISO week for the chart. */
export interface NormWeek {
  /** Amsterdam date of the week's Monday. */
  weekStart: string;
  /** ISO 8601 week number (1–53). */
  isoWeek: number;
  /** Leergesprekken of at least the minimum length: what the weekly norm counts. */
  qualifying: number;
  /** Leergesprekken (not voortgang) that were held but were shorter than the minimum. */
  short: number;
  /** Every held meeting of each kind, of any length. */
  byKind: Record<string, number>;
  /** What each interval norm counted in this week (leergesprekken of its kind, feedback forms). */
  counts: Record<IntervalNormId, number>;
  /** The week that contains `now`, not finished yet. */
  current: boolean;
  /** The week lies wholly or partly before the pair's first judged week. */
  beforePairStart: boolean;
}

export interface NormsResult {
  /** Amsterdam date of `now`. */
  today: string;
  /** The weekly norm first, then the interval norms in norm-list.ts's order. */
  norms: [WeeklyNormStatus, ...IntervalNormStatus[]];
  /** The last 12 ISO weeks, oldest first; the last one is the current week. */
  weeks: NormWeek[];
}

/** The pairs' time zone: Dutch GP training happens in the Netherlands. */
export const NORMS_TIME_ZONE = "Europe/Amsterdam";
export const CHART_WEEKS = 12;

/** Something that happened on a day: a held meeting, or feedback given (then its start and end are that day). */
interface HeldMeeting {
  kind: string;
  startMs: number;
  endMs: number;
  /** Amsterdam date of the start. */
  day: string;
  /** Amsterdam date of the end. */
  endDay: string;
  /** Monday of the start's week. */
  week: string;
  counts: boolean;
}

/**
 * The status of every norm for a pair at `now`, and the last 12 weeks for the charts.
 * `consultFeedback`: the pair's feedback forms on consult recordings that hold feedback.
 */
export function computeNorms(
  meetings: readonly NormMeeting[],
  settings: NormSettings,
  now: Date,
  pairStartsOn: string,
  consultFeedback: readonly NormFeedback[],
): NormsResult {
  const nowMs = now.getTime();
  const today = amsterdamDate(nowMs);
  const currentWeek = mondayOf(today);
  const firstJudgedWeek = weekday(pairStartsOn) === 1 ? pairStartsOn : addDays(mondayOf(pairStartsOn), 7);

  const held: HeldMeeting[] = [];
  for (const m of meetings) {
    if (!m.started_at || !m.ended_at) continue;
    const startMs = Date.parse(m.started_at);
    const endMs = Date.parse(m.ended_at);
    if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs <= startMs || endMs > nowMs) continue;
    const day = amsterdamDate(startMs);
    held.push({
      kind: m.kind,
      startMs,
      endMs,
      day,
      endDay: amsterdamDate(endMs),
      week: mondayOf(day),
      counts: kindOf(m.kind).leergesprek && endMs - startMs >= settings.minimumMinutes * 60_000 && day >= pairStartsOn,
    });
  }
  held.sort((a, b) => a.startMs - b.startMs);
  const counting = held.filter((m) => m.counts);
  const isLeergesprek = (m: HeldMeeting) => kindOf(m.kind).leergesprek;

  // Feedback given: one event on its day, in order.
  const feedback: HeldMeeting[] = consultFeedback
    .filter((f) => /^\d{4}-\d{2}-\d{2}$/.test(f.givenOn) && f.givenOn >= pairStartsOn && f.givenOn <= today)
    .map((f) => ({ kind: "", startMs: 0, endMs: 0, day: f.givenOn, endDay: f.givenOn, week: mondayOf(f.givenOn), counts: true }))
    .sort((a, b) => a.day.localeCompare(b.day));
  /** What each interval norm counts. */
  const countedBy = (def: IntervalNormDefinition): HeldMeeting[] =>
    "meetingsOfKind" in def.counts ? counting.filter((m) => m.kind === (def.counts as { meetingsOfKind: string }).meetingsOfKind) : feedback;

  // Held, but too short to count: the panel names them instead of "not held yet".
  const short = held.filter((m) => !m.counts && isLeergesprek(m) && m.day >= pairStartsOn);
  const weekly = {
    ...weeklyNorm(counting, settings, currentWeek, firstJudgedWeek, pairStartsOn),
    shortThisWeek: short.filter((m) => m.week === currentWeek).length,
  };
  const intervals = INTERVAL_NORMS.map((def): IntervalNormStatus => {
    const shortOfKind = "meetingsOfKind" in def.counts ? short.filter((m) => m.kind === (def.counts as { meetingsOfKind: string }).meetingsOfKind) : [];
    return {
      ...intervalNorm(def.id, settings[def.settingKey], countedBy(def), today, firstJudgedWeek, pairStartsOn),
      i18n: def.i18n,
      chart: def.chart,
      shortHeld: shortOfKind.length,
      lastShortOn: shortOfKind.at(-1)?.day ?? null,
    };
  });

  const weeks: NormWeek[] = [];
  for (let i = CHART_WEEKS - 1; i >= 0; i--) {
    const weekStart = addDays(currentWeek, -7 * i);
    const inWeek = held.filter((m) => m.week === weekStart);
    const byKind: Record<string, number> = Object.fromEntries(MEETING_KINDS.map((k) => [k, 0]));
    for (const m of inWeek) byKind[m.kind] = (byKind[m.kind] ?? 0) + 1;
    const counts = Object.fromEntries(INTERVAL_NORMS.map((def) => [def.id, countedBy(def).filter((m) => m.week === weekStart).length])) as Record<IntervalNormId, number>;
    weeks.push({
      weekStart,
      isoWeek: isoWeekNumber(weekStart),
      qualifying: inWeek.filter((m) => m.counts).length,
      short: inWeek.filter((m) => !m.counts && isLeergesprek(m) && m.day >= pairStartsOn).length,
      byKind,
      counts,
      current: weekStart === currentWeek,
      beforePairStart: weekStart < firstJudgedWeek,
    });
  }

  return { today, norms: [weekly, ...intervals] as NormsResult["norms"], weeks };
}

function weeklyNorm(
  counting: readonly HeldMeeting[],
  settings: NormSettings,
  currentWeek: string,
  firstJudgedWeek: string,
  pairStartsOn: string,
): Omit<WeeklyNormStatus, "shortThisWeek"> {
  const minimum = settings.weeklyMinimum;
  /** End instants of each week's counting meetings, in order. */
  const endsByWeek = new Map<string, number[]>();
  for (const m of counting) {
    const list = endsByWeek.get(m.week) ?? [];
    list.push(m.endMs);
    endsByWeek.set(m.week, list);
  }
  /** The Amsterdam date on which `week` was met, or null if it was not (yet). */
  const metOn = (week: string): string | null => {
    const ends = [...(endsByWeek.get(week) ?? [])].sort((a, b) => a - b);
    const reached = ends[minimum - 1];
    return reached === undefined ? null : amsterdamDate(reached);
  };

  let onTrack = true;
  let since = pairStartsOn;
  for (let week = firstJudgedWeek; week <= currentWeek; week = addDays(week, 7)) {
    const met = metOn(week);
    if (met !== null) {
      if (!onTrack) {
        onTrack = true;
        since = met;
      }
    } else if (week < currentWeek && onTrack) {
      // A completed week that did not make it: behind from the Monday after.
      onTrack = false;
      since = addDays(week, 7);
    }
  }

  const thisWeek = endsByWeek.get(currentWeek)?.length ?? 0;
  let nextDue: string;
  if (currentWeek < firstJudgedWeek) nextDue = addDays(firstJudgedWeek, 6);
  else if (thisWeek >= minimum) nextDue = addDays(currentWeek, 13);
  else nextDue = addDays(currentWeek, 6);

  return { id: "weekly", onTrack, since, nextDue, minimum, minimumMinutes: settings.minimumMinutes, thisWeek };
}

/** One interval norm over what it counts (in order): due, since, last held. */
function intervalNorm(
  id: IntervalNormId,
  everyWeeks: number,
  counted: readonly HeldMeeting[],
  today: string,
  firstJudgedWeek: string,
  pairStartsOn: string,
): Omit<IntervalNormStatus, "shortHeld" | "lastShortOn" | "i18n" | "chart"> {
  let due = addDays(firstJudgedWeek, 7 * everyWeeks - 1);
  let since = pairStartsOn;
  let lastHeldOn: string | null = null;
  for (const m of counted) {
    // Held after the deadline: the pair was behind until this meeting ended.
    if (m.day > due) since = m.endDay;
    const nextDue = addDays(m.week, 7 * everyWeeks + 6);
    if (nextDue > due) due = nextDue;
    lastHeldOn = m.day;
  }
  const onTrack = today <= due;
  return { id, onTrack, since: onTrack ? since : addDays(due, 1), nextDue: due, everyWeeks, lastHeldOn };
}

// --- Calendar dates in Amsterdam, as "YYYY-MM-DD" strings (they compare as text) ---

const amsterdamParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: NORMS_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The Amsterdam calendar date of an instant. */
export function amsterdamDate(ms: number): string {
  const parts = amsterdamParts.formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** Calendar arithmetic on a date string; time zones play no part here. */
export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday. */
function weekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday of the ISO week that holds `date`. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - weekday(date));
}

/** ISO 8601 week number: the week that holds the year's first Thursday is week 1. */
export function isoWeekNumber(date: string): number {
  const thursday = addDays(mondayOf(date), 3);
  const jan1 = `${thursday.slice(0, 4)}-01-01`;
  const dayOfYear = (Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${jan1}T00:00:00Z`)) / 86_400_000;
  return Math.floor(dayOfYear / 7) + 1;
}
