import { describe, expect, it } from "vitest";
import { applyLeadCommand, leadCommandSchema, leadStateOf, timerElapsedMs, type LeadCommand, type LeadCommandName } from "./lead";
import type { Meeting } from "../../db/schema";

// The lead rules without a server: what each command changes in each meeting status.

const T0 = new Date("2026-11-24T13:00:00.000Z");
const at = (secondsAfterT0: number) => new Date(T0.getTime() + secondsAfterT0 * 1000);
const iso = (secondsAfterT0: number) => at(secondsAfterT0).toISOString();

function meeting(overrides: Partial<Meeting> = {}): Meeting {
  return {
    id: "week-47",
    pair_id: "00000000-0000-4000-8000-000000000001",
    kind: "taakgericht",
    subkind: null,
    title: null,
    scheduled_at: "2026-11-24T13:00",
    planned_minutes: 60,
    status: "gepland",
    started_at: null,
    ended_at: null,
    current_item_id: null,
    timer_item_id: null,
    timer_running_since: null,
    timer_elapsed_ms: 0,
    lead_version: 0,
    created_by: "00000000-0000-4000-8000-00000000000a",
    created_at: "2026-11-20T10:00:00.000Z",
    ...overrides,
  };
}

function command(name: LeadCommandName, itemId = "item-2"): LeadCommand {
  return name === "setCurrent" ? { meetingId: "week-47", command: name, itemId } : { meetingId: "week-47", command: name };
}

/** Applies a command and returns the meeting as it would be stored; fails the test when refused. */
function apply(m: Meeting, name: LeadCommandName, now: Date, itemId?: string): Meeting {
  const result = applyLeadCommand(m, command(name, itemId), now);
  if (!result.ok) throw new Error(`${name} refused in status ${m.status}: ${result.error}`);
  return { ...m, ...result.changes };
}

const gepland = () => meeting();
const geplandWithItem = () => meeting({ current_item_id: "item-1", timer_item_id: "item-1" });
const bezigRunning = () =>
  meeting({ status: "bezig", started_at: iso(0), current_item_id: "item-1", timer_item_id: "item-1", timer_running_since: iso(10), timer_elapsed_ms: 5_000 });
const bezigPaused = () => meeting({ status: "bezig", started_at: iso(0), current_item_id: "item-1", timer_item_id: "item-1", timer_elapsed_ms: 7_000 });
const bezigNoItem = () => meeting({ status: "bezig", started_at: iso(0) });
const afgerond = () =>
  meeting({ status: "afgerond", started_at: iso(0), ended_at: iso(3600), current_item_id: "item-1", timer_item_id: "item-1", timer_elapsed_ms: 42_000 });

describe("applyLeadCommand: which command is allowed in which status", () => {
  // Every command against every status: allowed (ok) or invalidState, never anything else.
  const table: Array<[string, () => Meeting, Record<LeadCommandName, boolean>]> = [
    ["gepland", gepland, { start: true, end: false, setCurrent: true, timerStart: false, timerPause: false, timerReset: true }],
    ["gepland, item chosen", geplandWithItem, { start: true, end: false, setCurrent: true, timerStart: false, timerPause: false, timerReset: true }],
    ["bezig, timer running", bezigRunning, { start: false, end: true, setCurrent: true, timerStart: false, timerPause: true, timerReset: true }],
    ["bezig, timer paused", bezigPaused, { start: false, end: true, setCurrent: true, timerStart: true, timerPause: false, timerReset: true }],
    ["bezig, no item", bezigNoItem, { start: false, end: true, setCurrent: true, timerStart: false, timerPause: false, timerReset: true }],
    ["afgerond", afgerond, { start: false, end: false, setCurrent: false, timerStart: false, timerPause: false, timerReset: false }],
  ];
  for (const [label, make, allowed] of table) {
    for (const [name, ok] of Object.entries(allowed) as Array<[LeadCommandName, boolean]>) {
      it(`${label}: ${name} is ${ok ? "allowed" : "refused with invalidState"}`, () => {
        const result = applyLeadCommand(make(), command(name), at(60));
        expect(result).toEqual(ok ? { ok: true, changes: expect.any(Object) } : { ok: false, error: "invalidState" });
      });
    }
  }
});

describe("applyLeadCommand: what each command changes", () => {
  it("start: gepland → bezig with started_at; no item means no running timer", () => {
    expect(applyLeadCommand(gepland(), command("start"), at(0))).toEqual({
      ok: true,
      changes: { status: "bezig", started_at: iso(0), timer_running_since: null },
    });
  });

  it("start: an item chosen beforehand starts counting with the meeting", () => {
    const started = apply(geplandWithItem(), "start", at(0));
    expect(started).toMatchObject({ status: "bezig", started_at: iso(0), current_item_id: "item-1", timer_running_since: iso(0), timer_elapsed_ms: 0 });
    expect(timerElapsedMs(leadStateOf(started).timer, at(90).getTime())).toBe(90_000);
  });

  it("end: bezig → afgerond with ended_at, and the running timer is stopped with its time kept", () => {
    expect(applyLeadCommand(bezigRunning(), command("end"), at(70))).toEqual({
      ok: true,
      // 5 s before, plus 60 s running since t=10.
      changes: { status: "afgerond", ended_at: iso(70), timer_running_since: null, timer_elapsed_ms: 65_000 },
    });
    expect(applyLeadCommand(bezigPaused(), command("end"), at(70))).toEqual({
      ok: true,
      changes: { status: "afgerond", ended_at: iso(70), timer_running_since: null, timer_elapsed_ms: 7_000 },
    });
  });

  it("setCurrent before the meeting: picks the item, timer at zero and not running", () => {
    expect(applyLeadCommand(gepland(), command("setCurrent", "item-3"), at(5))).toEqual({
      ok: true,
      changes: { current_item_id: "item-3", timer_item_id: "item-3", timer_elapsed_ms: 0, timer_running_since: null },
    });
  });

  it("setCurrent while bezig: resets the item timer and starts it", () => {
    for (const make of [bezigRunning, bezigPaused, bezigNoItem]) {
      expect(applyLeadCommand(make(), command("setCurrent", "item-3"), at(80))).toEqual({
        ok: true,
        changes: { current_item_id: "item-3", timer_item_id: "item-3", timer_elapsed_ms: 0, timer_running_since: iso(80) },
      });
    }
  });

  it("setCurrent to the item that is already current changes nothing (its timer keeps its time)", () => {
    expect(applyLeadCommand(bezigRunning(), command("setCurrent", "item-1"), at(80))).toEqual({ ok: true, changes: {} });
    expect(applyLeadCommand(bezigPaused(), command("setCurrent", "item-1"), at(80))).toEqual({ ok: true, changes: {} });
  });

  it("timerStart resumes the current item's timer from its kept time", () => {
    expect(applyLeadCommand(bezigPaused(), command("timerStart"), at(100))).toEqual({
      ok: true,
      changes: { timer_item_id: "item-1", timer_running_since: iso(100) },
    });
  });

  it("timerPause adds the running time to the kept time", () => {
    expect(applyLeadCommand(bezigRunning(), command("timerPause"), at(40))).toEqual({
      ok: true,
      changes: { timer_running_since: null, timer_elapsed_ms: 35_000 },
    });
  });

  it("timerReset: back to zero; a running timer keeps running from now, a paused one stays paused", () => {
    expect(applyLeadCommand(bezigRunning(), command("timerReset"), at(40))).toEqual({ ok: true, changes: { timer_elapsed_ms: 0, timer_running_since: iso(40) } });
    expect(applyLeadCommand(bezigPaused(), command("timerReset"), at(40))).toEqual({ ok: true, changes: { timer_elapsed_ms: 0, timer_running_since: null } });
    expect(applyLeadCommand(gepland(), command("timerReset"), at(40))).toEqual({ ok: true, changes: { timer_elapsed_ms: 0, timer_running_since: null } });
  });

  it("a clock that went backwards never makes a timer negative", () => {
    expect(apply(bezigRunning(), "timerPause", at(0)).timer_elapsed_ms).toBe(5_000);
    expect(apply(bezigRunning(), "end", at(0)).timer_elapsed_ms).toBe(5_000);
  });
});

describe("timer arithmetic over a whole meeting", () => {
  it("pause accumulates, resume continues, reset zeroes, a new item starts from zero, end freezes", () => {
    let m = apply(gepland(), "setCurrent", at(0), "item-1");
    m = apply(m, "start", at(10));
    const shown = (s: number) => timerElapsedMs(leadStateOf(m).timer, at(s).getTime());
    expect(shown(10)).toBe(0);
    expect(shown(40)).toBe(30_000);

    m = apply(m, "timerPause", at(40));
    expect(m.timer_elapsed_ms).toBe(30_000);
    // Paused: time does not pass.
    expect(shown(500)).toBe(30_000);

    m = apply(m, "timerStart", at(100));
    expect(shown(120)).toBe(50_000);
    m = apply(m, "timerPause", at(130));
    // 30 s + 30 s: the pauses accumulate.
    expect(m.timer_elapsed_ms).toBe(60_000);
    m = apply(m, "timerStart", at(200));
    m = apply(m, "timerPause", at(210));
    expect(m.timer_elapsed_ms).toBe(70_000);

    m = apply(m, "timerReset", at(220));
    expect(shown(300)).toBe(0);
    m = apply(m, "timerStart", at(300));
    expect(shown(315)).toBe(15_000);

    m = apply(m, "setCurrent", at(320), "item-2");
    expect(m).toMatchObject({ current_item_id: "item-2", timer_item_id: "item-2", timer_elapsed_ms: 0, timer_running_since: iso(320) });
    expect(shown(345)).toBe(25_000);

    m = apply(m, "end", at(350));
    expect(m).toMatchObject({ status: "afgerond", ended_at: iso(350), timer_running_since: null, timer_elapsed_ms: 30_000 });
    expect(shown(9999)).toBe(30_000);
  });
});

describe("timerElapsedMs", () => {
  it("is the kept time when paused", () => {
    expect(timerElapsedMs({ itemId: "a", runningSince: null, elapsedMs: 1234 }, Date.now())).toBe(1234);
  });
  it("adds the running time when running", () => {
    expect(timerElapsedMs({ itemId: "a", runningSince: iso(0), elapsedMs: 1000 }, at(2.5).getTime())).toBe(3500);
  });
  it("never counts backwards when `now` is before runningSince (clock skew)", () => {
    expect(timerElapsedMs({ itemId: "a", runningSince: iso(10), elapsedMs: 1000 }, at(0).getTime())).toBe(1000);
  });
});

describe("leadStateOf", () => {
  it("maps the stored columns to the state the room receives", () => {
    expect(leadStateOf({ ...bezigRunning(), lead_version: 7 })).toEqual({
      meetingId: "week-47",
      version: 7,
      status: "bezig",
      plannedMinutes: 60,
      startedAt: iso(0),
      endedAt: null,
      currentItemId: "item-1",
      timer: { itemId: "item-1", runningSince: iso(10), elapsedMs: 5_000 },
    });
  });
});

describe("leadCommandSchema", () => {
  it("accepts every command and refuses malformed ones", () => {
    for (const name of ["start", "end", "setCurrent", "timerStart", "timerPause", "timerReset"] as const) {
      expect(leadCommandSchema.safeParse(command(name)).success).toBe(true);
    }
    for (const bad of [
      null,
      "start",
      {},
      { meetingId: "week-47" },
      { meetingId: "week-47", command: "explode" },
      { meetingId: "../etc", command: "start" },
      { meetingId: "week-47", command: "setCurrent" },
      { meetingId: "week-47", command: "setCurrent", itemId: "" },
      { meetingId: "week-47", command: "setCurrent", itemId: "x".repeat(65) },
    ]) {
      expect(leadCommandSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
