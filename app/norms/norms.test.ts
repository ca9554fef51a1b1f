import { describe, expect, it } from "vitest";
import type { MeetingKind } from "../meetings/kinds";
import {
  addDays,
  amsterdamDate,
  computeNorms,
  isoWeekNumber,
  mondayOf,
  type IntervalNormId,
  type NormFeedback,
  type IntervalNormStatus,
  type NormMeeting,
  type NormsResult,
  type WeeklyNormStatus,
} from "./norms";
import { DEFAULT_NORM_SETTINGS, normSettingsSchema, parseNormSettings, type NormSettings } from "./settings";

// Hand-built histories. Times are written as Amsterdam wall time with their offset
// (+01:00 in winter, +02:00 in summer), so each test says exactly which instant it means.
// Calendar used (2025): Mon 3 Mar, Mon 10 Mar, Mon 17 Mar, Mon 24 Mar (ISO week 13, DST
// starts Sun 30 Mar 02:00), Mon 31 Mar (week 14); DST ends Sun 26 Oct 03:00.

/** A meeting that started at `start` (ISO with offset) and lasted `minutes` real minutes. */
function held(kind: MeetingKind, start: string, minutes: number): NormMeeting {
  const startMs = Date.parse(start);
  return {
    kind,
    started_at: new Date(startMs).toISOString(),
    ended_at: new Date(startMs + minutes * 60_000).toISOString(),
  };
}

/** A winter-time instant in Amsterdam: "2025-03-03T10:00" → +01:00. */
const cet = (local: string) => `${local}:00+01:00`;
/** A summer-time instant in Amsterdam: "2025-04-07T10:00" → +02:00. */
const cest = (local: string) => `${local}:00+02:00`;

function run(meetings: NormMeeting[], now: string, pairStartsOn: string, settings: Partial<NormSettings> = {}, feedback: NormFeedback[] = []): NormsResult {
  return computeNorms(meetings, { ...DEFAULT_NORM_SETTINGS, ...settings }, new Date(now), pairStartsOn, feedback);
}
const weekly = (r: NormsResult): WeeklyNormStatus => r.norms[0];
function interval(r: NormsResult, kind: IntervalNormId): IntervalNormStatus {
  const norm = r.norms.find((n): n is IntervalNormStatus => n.id === kind);
  if (!norm) throw new Error(`no norm ${kind}`);
  return norm;
}

/** Three taakgericht leergesprekken of an hour on Monday, Tuesday and Wednesday of the week of `monday` (winter). */
function fullWeek(monday: string, kind: MeetingKind = "taakgericht"): NormMeeting[] {
  return [0, 1, 2].map((d) => held(kind, cet(`${addDays(monday, d)}T13:00`), 60));
}

describe("calendar helpers", () => {
  it("finds the Monday and ISO week number, also around the turn of the year", () => {
    expect(mondayOf("2025-03-30")).toBe("2025-03-24"); // Sunday belongs to the week before
    expect(mondayOf("2025-03-31")).toBe("2025-03-31");
    expect(isoWeekNumber("2025-03-24")).toBe(13);
    expect(isoWeekNumber("2025-12-29")).toBe(1); // week 1 of 2026 starts in 2025
    expect(isoWeekNumber("2026-12-28")).toBe(53); // 2026 has 53 weeks
    expect(isoWeekNumber("2027-01-03")).toBe(53);
    expect(isoWeekNumber("2027-01-04")).toBe(1);
  });

  it("reads dates in Amsterdam, not UTC", () => {
    // Monday 00:30 in Amsterdam is still Sunday in UTC.
    expect(amsterdamDate(Date.parse(cet("2025-03-10T00:30")))).toBe("2025-03-10");
    expect(amsterdamDate(Date.parse(cest("2025-06-02T01:30")))).toBe("2025-06-02");
  });
});

describe("settings", () => {
  it("defaults to the seed's norms", () => {
    expect(parseNormSettings(null)).toEqual({
      weeklyMinimum: 3,
      minimumMinutes: 45,
      taakgerichtEveryWeeks: 1,
      persoonsgerichtEveryWeeks: 3,
      procesgerichtEveryWeeks: 6,
      // The seed: "tenminste 1 x per week feedback ... op een opname van een consult".
      consultFeedbackEveryWeeks: 1,
    });
    expect(normSettingsSchema.parse(DEFAULT_NORM_SETTINGS)).toEqual(DEFAULT_NORM_SETTINGS);
  });

  it("keeps valid fields and falls back per field on missing, invalid or out-of-bound values", () => {
    expect(parseNormSettings('{"weeklyMinimum":4,"minimumMinutes":"60","procesgerichtEveryWeeks":0}')).toEqual({
      ...DEFAULT_NORM_SETTINGS,
      weeklyMinimum: 4,
    });
    expect(parseNormSettings('{"persoonsgerichtEveryWeeks":6}').persoonsgerichtEveryWeeks).toBe(6);
    expect(parseNormSettings('{"weeklyMinimum":2.5}').weeklyMinimum).toBe(3);
  });

  it("falls back to the defaults on empty or broken JSON", () => {
    expect(parseNormSettings("")).toEqual(DEFAULT_NORM_SETTINGS);
    expect(parseNormSettings("{not json")).toEqual(DEFAULT_NORM_SETTINGS);
    expect(parseNormSettings("[3]")).toEqual(DEFAULT_NORM_SETTINGS);
    expect(parseNormSettings("null")).toEqual(DEFAULT_NORM_SETTINGS);
  });

  it("rejects settings that switch a norm off", () => {
    expect(normSettingsSchema.safeParse({ ...DEFAULT_NORM_SETTINGS, weeklyMinimum: 0 }).success).toBe(false);
    expect(normSettingsSchema.safeParse({ ...DEFAULT_NORM_SETTINGS, minimumMinutes: 5 }).success).toBe(false);
  });
});

describe("which meetings count", () => {
  const pairStart = "2025-03-03";
  const now = cet("2025-03-14T12:00"); // Friday of the second week

  it("counts only meetings of at least the minimum length, measured from start to end", () => {
    const r = run(
      [
        held("taakgericht", cet("2025-03-10T09:00"), 45), // exactly 45: counts
        held("taakgericht", cet("2025-03-11T09:00"), 44), // one minute short
        held("persoonsgericht", cet("2025-03-12T09:00"), 20),
      ],
      now,
      pairStart,
    );
    expect(weekly(r).thisWeek).toBe(1);
    const week = r.weeks.at(-1)!;
    expect(week).toMatchObject({ weekStart: "2025-03-10", qualifying: 1, short: 2, current: true });
    expect(week.byKind).toEqual({ taakgericht: 2, persoonsgericht: 1, procesgericht: 0, voortgang: 0 });
  });

  it("does not let a short meeting satisfy a kind interval", () => {
    const r = run([held("persoonsgericht", cet("2025-03-04T09:00"), 30)], cet("2025-03-24T09:00"), pairStart);
    const p = interval(r, "persoonsgericht");
    expect(p.lastHeldOn).toBeNull();
    expect(p.onTrack).toBe(false); // due Sun 23 Mar, three full weeks after Mon 3 Mar
    expect(p.since).toBe("2025-03-24");
  });

  it("can be made stricter or looser by the pair's minimum length", () => {
    const meetings = [held("taakgericht", cet("2025-03-10T09:00"), 40)];
    expect(weekly(run(meetings, now, pairStart)).thisWeek).toBe(0);
    expect(weekly(run(meetings, now, pairStart, { minimumMinutes: 30 })).thisWeek).toBe(1);
  });

  it("ignores meetings that never started, have not ended, or end after now", () => {
    const r = run(
      [
        { kind: "taakgericht", started_at: null, ended_at: null },
        { kind: "taakgericht", started_at: new Date(cet("2025-03-14T10:00")).toISOString(), ended_at: null },
        held("taakgericht", cet("2025-03-14T11:30"), 60), // still running at 12:00
        { kind: "taakgericht", started_at: "2025-03-13T10:00:00Z", ended_at: "2025-03-13T09:00:00Z" },
      ],
      now,
      pairStart,
    );
    expect(weekly(r).thisWeek).toBe(0);
    expect(r.weeks.at(-1)!.byKind.taakgericht).toBe(0);
  });

  it("does not count a voortgangsgesprek as a leergesprek, but shows it", () => {
    const r = run([held("voortgang", cet("2025-03-10T09:00"), 90)], now, pairStart);
    expect(weekly(r).thisWeek).toBe(0);
    expect(r.weeks.at(-1)).toMatchObject({ qualifying: 0, short: 0, byKind: { voortgang: 1 } });
  });
});

describe("week boundaries in Amsterdam time", () => {
  const pairStart = "2025-03-03";

  it("puts Sunday 23:30 in the ending week and Monday 00:30 in the next, though both are Sunday in UTC", () => {
    const r = run(
      [held("taakgericht", cet("2025-03-09T23:30"), 50), held("taakgericht", cet("2025-03-10T00:30"), 50)],
      cet("2025-03-12T12:00"),
      pairStart,
    );
    const [previous, current] = r.weeks.slice(-2);
    expect(previous).toMatchObject({ weekStart: "2025-03-03", qualifying: 1 });
    expect(current).toMatchObject({ weekStart: "2025-03-10", qualifying: 1 });
  });

  it("judges a week by its start: a meeting from Sunday 23:30 into Monday belongs to the Sunday's week", () => {
    const meetings = [
      held("taakgericht", cet("2025-03-03T13:00"), 60),
      held("taakgericht", cet("2025-03-05T13:00"), 60),
      held("taakgericht", cet("2025-03-09T23:30"), 60),
    ];
    const r = run(meetings, cet("2025-03-10T12:00"), pairStart);
    expect(weekly(r)).toMatchObject({ onTrack: true, since: pairStart, thisWeek: 0, nextDue: "2025-03-16" });
  });

  it("measures real minutes across the start of summer time (Sun 30 Mar 2025)", () => {
    const r = run(
      [
        // 01:30 → 03:20 on the wall clock is 50 real minutes: counts.
        { kind: "taakgericht", started_at: cet("2025-03-30T01:30"), ended_at: cest("2025-03-30T03:20") },
        // 01:40 → 03:24 looks like 104 minutes but is 44: does not count.
        { kind: "persoonsgericht", started_at: cet("2025-03-30T01:40"), ended_at: cest("2025-03-30T03:24") },
        // Sunday 23:30 summer time is 21:30 UTC: still week 13.
        held("taakgericht", cest("2025-03-30T23:00"), 45),
        // Monday 00:10 summer time is Sunday 22:10 UTC: week 14.
        held("taakgericht", cest("2025-03-31T00:10"), 45),
      ],
      cest("2025-04-02T12:00"),
      pairStart,
    );
    const [week13, week14] = r.weeks.slice(-2);
    expect(week13).toMatchObject({ weekStart: "2025-03-24", isoWeek: 13, qualifying: 2, short: 1 });
    expect(week14).toMatchObject({ weekStart: "2025-03-31", isoWeek: 14, qualifying: 1, current: true });
  });

  it("measures real minutes across the end of summer time (Sun 26 Oct 2025)", () => {
    // 02:30 summer time → 02:20 winter time: ten minutes earlier on the wall, 50 real minutes.
    const r = run(
      [{ kind: "procesgericht", started_at: cest("2025-10-26T02:30"), ended_at: cet("2025-10-26T02:20") }],
      cet("2025-10-27T09:00"),
      "2025-09-01",
    );
    expect(r.weeks.at(-2)).toMatchObject({ weekStart: "2025-10-20", qualifying: 1 });
    expect(interval(r, "procesgericht")).toMatchObject({ lastHeldOn: "2025-10-26", nextDue: "2025-12-07" });
  });

  it("ends a week at Monday 00:00 Amsterdam time in summer too", () => {
    const pair = "2025-06-02";
    const meetings = fullWeek("2025-06-02").slice(0, 2); // only two in the first week
    expect(weekly(run(meetings, cest("2025-06-08T23:59"), pair)).onTrack).toBe(true);
    const monday = weekly(run(meetings, cest("2025-06-09T00:00"), pair));
    expect(monday).toMatchObject({ onTrack: false, since: "2025-06-09", nextDue: "2025-06-15" });
  });
});

describe("the weekly minimum", () => {
  const pairStart = "2025-03-03";

  it("is on track since the pair's start when every completed week was met", () => {
    const meetings = [...fullWeek("2025-03-03"), ...fullWeek("2025-03-10")];
    expect(weekly(run(meetings, cet("2025-03-18T09:00"), pairStart))).toMatchObject({
      onTrack: true,
      since: pairStart,
      thisWeek: 0,
      nextDue: "2025-03-23",
    });
  });

  it("is behind since the Monday after the first failed week of a run of failed weeks", () => {
    const meetings = [...fullWeek("2025-03-03"), ...fullWeek("2025-03-10").slice(0, 2)];
    const r = run(meetings, cet("2025-03-26T09:00"), pairStart); // weeks of 10 and 17 Mar failed
    expect(weekly(r)).toMatchObject({ onTrack: false, since: "2025-03-17", nextDue: "2025-03-30" });
  });

  it("turns on track the day the current week is met, and then is next due a week later", () => {
    const meetings = [...fullWeek("2025-03-03").slice(0, 1), ...fullWeek("2025-03-10")];
    const tuesday = weekly(run(meetings, cet("2025-03-11T20:00"), pairStart));
    expect(tuesday).toMatchObject({ onTrack: false, since: "2025-03-10", thisWeek: 2, nextDue: "2025-03-16" });
    const wednesday = weekly(run(meetings, cet("2025-03-12T20:00"), pairStart));
    expect(wednesday).toMatchObject({ onTrack: true, since: "2025-03-12", thisWeek: 3, nextDue: "2025-03-23" });
    // Still on track, and since the same day, after the week completes.
    expect(weekly(run(meetings, cet("2025-03-19T09:00"), pairStart))).toMatchObject({ onTrack: true, since: "2025-03-12" });
  });

  it("does not call an unfinished week behind", () => {
    const r = run(fullWeek("2025-03-03"), cet("2025-03-16T23:00"), pairStart); // Sunday evening, none this week
    expect(weekly(r)).toMatchObject({ onTrack: true, thisWeek: 0, nextDue: "2025-03-16" });
  });

  it("follows the pair's own minimum", () => {
    const meetings = fullWeek("2025-03-03").slice(0, 2);
    expect(weekly(run(meetings, cet("2025-03-10T09:00"), pairStart, { weeklyMinimum: 2 })).onTrack).toBe(true);
    expect(weekly(run(meetings, cet("2025-03-10T09:00"), pairStart)).onTrack).toBe(false);
  });
});

describe("a pair that just started", () => {
  it("is on track for every norm, with first due dates counted from its first full week", () => {
    // Starts on Wednesday 5 March: that week is a grace week, the first judged week is 10 March.
    const r = run([], cet("2025-03-07T12:00"), "2025-03-05");
    expect(r.norms.every((n) => n.onTrack)).toBe(true);
    expect(r.norms.every((n) => n.since === "2025-03-05")).toBe(true);
    expect(weekly(r).nextDue).toBe("2025-03-16");
    expect(interval(r, "taakgericht").nextDue).toBe("2025-03-16");
    expect(interval(r, "persoonsgericht").nextDue).toBe("2025-03-30");
    expect(interval(r, "procesgericht").nextDue).toBe("2025-04-20");
    expect(r.weeks.at(-1)).toMatchObject({ current: true, beforePairStart: true });
  });

  it("does not hold an empty grace week against it", () => {
    const r = run([], cet("2025-03-12T12:00"), "2025-03-05");
    expect(weekly(r)).toMatchObject({ onTrack: true, since: "2025-03-05", nextDue: "2025-03-16" });
  });

  it("judges a week that starts on the pair's first day, once it is over", () => {
    const during = run([], cet("2025-03-09T18:00"), "2025-03-03");
    expect(weekly(during)).toMatchObject({ onTrack: true, nextDue: "2025-03-09" });
    const after = run([], cet("2025-03-10T08:00"), "2025-03-03");
    expect(weekly(after)).toMatchObject({ onTrack: false, since: "2025-03-10" });
    expect(interval(after, "taakgericht")).toMatchObject({ onTrack: false, since: "2025-03-10", nextDue: "2025-03-09" });
    expect(interval(after, "persoonsgericht").onTrack).toBe(true);
  });

  it("has not started yet: nothing is due before its first full week", () => {
    const r = run([], cet("2025-02-20T12:00"), "2025-03-03");
    expect(r.norms.every((n) => n.onTrack)).toBe(true);
    expect(weekly(r).nextDue).toBe("2025-03-09");
    expect(r.weeks.every((w) => w.beforePairStart)).toBe(true);
  });

  it("does not count meetings from before the pair's start", () => {
    const r = run([held("taakgericht", cet("2025-03-04T09:00"), 60)], cet("2025-03-07T12:00"), "2025-03-05");
    expect(weekly(r).thisWeek).toBe(0);
    expect(interval(r, "taakgericht").lastHeldOn).toBeNull();
  });
});

describe("kind intervals", () => {
  const pairStart = "2025-03-03";

  it("is due by the Sunday N weeks after the week of the last one", () => {
    const r = run([held("persoonsgericht", cet("2025-03-05T10:00"), 60)], cet("2025-03-06T10:00"), pairStart);
    expect(interval(r, "persoonsgericht")).toMatchObject({
      onTrack: true,
      lastHeldOn: "2025-03-05",
      nextDue: "2025-03-30", // the three weeks after the week of 3 Mar: 10, 17 and 24 Mar
      everyWeeks: 3,
    });
  });

  it("is overdue from the day after the due date, and says since when", () => {
    const meetings = [held("persoonsgericht", cet("2025-03-05T10:00"), 60)];
    const p = interval(run(meetings, cest("2025-04-08T09:00"), pairStart), "persoonsgericht");
    expect(p).toMatchObject({ onTrack: false, since: "2025-03-31", nextDue: "2025-03-30" });
  });

  it("is still on track on the due date itself, until Monday 00:00", () => {
    const meetings = [held("persoonsgericht", cet("2025-03-05T10:00"), 60)];
    // Sunday 30 March is also the day summer time starts.
    expect(interval(run(meetings, cest("2025-03-30T23:59"), pairStart), "persoonsgericht").onTrack).toBe(true);
    expect(interval(run(meetings, cest("2025-03-31T00:00"), pairStart), "persoonsgericht").onTrack).toBe(false);
  });

  it("counts a meeting held late on the due Sunday, and moves the due date on", () => {
    const meetings = [
      held("persoonsgericht", cet("2025-03-05T10:00"), 60),
      held("persoonsgericht", cest("2025-03-30T23:30"), 60), // ends on Monday, started on the due date
    ];
    const p = interval(run(meetings, cest("2025-03-31T09:00"), pairStart), "persoonsgericht");
    expect(p).toMatchObject({ onTrack: true, lastHeldOn: "2025-03-30", nextDue: "2025-04-20", since: pairStart });
  });

  it("after a late one, is on track again since the day it was held", () => {
    const meetings = [
      held("taakgericht", cet("2025-03-04T10:00"), 60),
      held("taakgericht", cet("2025-03-19T10:00"), 60), // due was Sun 16 Mar
    ];
    const before = interval(run(meetings, cet("2025-03-18T10:00"), pairStart), "taakgericht");
    expect(before).toMatchObject({ onTrack: false, since: "2025-03-17" });
    const after = interval(run(meetings, cet("2025-03-20T10:00"), pairStart), "taakgericht");
    expect(after).toMatchObject({ onTrack: true, since: "2025-03-19", nextDue: "2025-03-30" });
  });

  it("for taakgericht every week: one per ISO week is enough, even 12 days apart", () => {
    const meetings = [
      held("taakgericht", cet("2025-03-03T10:00"), 60), // Monday
      held("taakgericht", cet("2025-03-15T10:00"), 60), // Saturday of the next week
    ];
    const t = interval(run(meetings, cet("2025-03-16T10:00"), pairStart), "taakgericht");
    expect(t).toMatchObject({ onTrack: true, since: pairStart, nextDue: "2025-03-23" });
  });

  it("follows the pair's own interval", () => {
    const meetings = [held("persoonsgericht", cet("2025-03-05T10:00"), 60)];
    const six = interval(run(meetings, cest("2025-04-08T09:00"), pairStart, { persoonsgerichtEveryWeeks: 6 }), "persoonsgericht");
    expect(six).toMatchObject({ onTrack: true, nextDue: "2025-04-20" });
    const one = interval(run(meetings, cet("2025-03-17T09:00"), pairStart, { persoonsgerichtEveryWeeks: 1 }), "persoonsgericht");
    expect(one).toMatchObject({ onTrack: false, since: "2025-03-17", nextDue: "2025-03-16" });
  });

  it("keeps each kind to itself", () => {
    const r = run([held("procesgericht", cet("2025-03-05T10:00"), 60)], cet("2025-03-06T10:00"), pairStart);
    expect(interval(r, "procesgericht").lastHeldOn).toBe("2025-03-05");
    expect(interval(r, "taakgericht").lastHeldOn).toBeNull();
    expect(interval(r, "persoonsgericht").lastHeldOn).toBeNull();
  });
});

describe("the chart weeks", () => {
  it("are the last 12 ISO weeks, oldest first, ending with the current one", () => {
    const r = run(fullWeek("2025-03-03"), cet("2025-03-19T10:00"), "2025-01-06");
    expect(r.weeks).toHaveLength(12);
    expect(r.weeks[0]!.weekStart).toBe("2024-12-30");
    expect(r.weeks[0]!.isoWeek).toBe(1);
    expect(r.weeks[0]!.beforePairStart).toBe(true);
    expect(r.weeks[1]!.beforePairStart).toBe(false);
    expect(r.weeks.at(-1)).toMatchObject({ weekStart: "2025-03-17", isoWeek: 12, current: true });
    expect(r.weeks.filter((w) => w.current)).toHaveLength(1);
    expect(r.weeks.map((w) => w.qualifying)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0]);
    expect(r.today).toBe("2025-03-19");
  });
});

describe("feedback on a consult recording: at least once a week (issue #17)", () => {
  const fb = (givenOn: string): NormFeedback => ({ givenOn });

  it("is on track with feedback every week, and names the last one", () => {
    // Wednesday 19 March 2025; the pair started long before.
    const r = run([], "2025-03-19T12:00:00+01:00", "2025-01-06", {}, [fb("2025-03-04"), fb("2025-03-11"), fb("2025-03-17")]);
    const norm = interval(r, "consultFeedback");
    expect(norm.onTrack).toBe(true);
    expect(norm.lastHeldOn).toBe("2025-03-17");
  });

  it("is behind after a whole week without feedback, and says since when", () => {
    // Last feedback on Tuesday 4 March; the week of 10 March had none.
    const norm = interval(run([], "2025-03-19T12:00:00+01:00", "2025-01-06", {}, [fb("2025-03-04")]), "consultFeedback");
    expect(norm.onTrack).toBe(false);
    expect(norm.lastHeldOn).toBe("2025-03-04");
  });

  it("counts only consult feedback, not the taakgericht meetings themselves", () => {
    const norm = interval(run(fullWeek("2025-03-10"), "2025-03-19T12:00:00+01:00", "2025-01-06", {}, []), "consultFeedback");
    expect(norm.lastHeldOn).toBeNull();
    expect(norm.onTrack).toBe(false);
  });

  it("a pair that just started is not behind before its first whole week has passed", () => {
    // Started on Wednesday 12 March: its first judged week begins Monday 17 March.
    const norm = interval(run([], "2025-03-19T12:00:00+01:00", "2025-03-12", {}, []), "consultFeedback");
    expect(norm.onTrack).toBe(true);
    expect(norm.lastHeldOn).toBeNull();
  });
});
