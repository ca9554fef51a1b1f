import { describe, expect, it } from "vitest";
import { addMinutesToWallClock, calendarDateField, calendarDateOrNull, existsInAmsterdam, wallClockOrNull } from "./dates";

describe("real calendar dates", () => {
  it("knows which dates exist", () => {
    for (const real of ["2026-01-31", "2024-02-29", "2026-12-31", "2000-01-01"]) expect(calendarDateOrNull(real), real).toBe(real);
    for (const fake of ["2026-13-45", "2026-02-30", "2025-02-29", "2026-04-31", "2026-00-10", "2026-99-99", "2026-1-5", "26-01-05", "", null, 20260105]) {
      expect(calendarDateOrNull(fake), String(fake)).toBeNull();
    }
  });

  it("knows which Dutch wall-clock times exist (the hour summer time skips does not)", () => {
    expect(existsInAmsterdam("2027-03-28", "02:30")).toBe(false);
    expect(existsInAmsterdam("2027-03-28", "03:00")).toBe(true);
    expect(existsInAmsterdam("2026-10-25", "02:30")).toBe(true); // happens twice: exists
    expect(wallClockOrNull("2026-11-24T13:30")).toBe("2026-11-24T13:30");
    for (const fake of ["2026-13-45T10:00", "2026-02-30T10:00", "2026-11-24T24:00", "2026-11-24T27:99", "2027-03-28T02:30", "2026-11-24 13:30"]) {
      expect(wallClockOrNull(fake), fake).toBeNull();
    }
  });

  it("adds real minutes in Amsterdam time, whatever the server's zone", () => {
    expect(addMinutesToWallClock("2026-11-24T13:30", 45)).toBe("2026-11-24T14:15:00");
    expect(addMinutesToWallClock("2026-12-31T23:30", 45)).toBe("2027-01-01T00:15:00");
    expect(addMinutesToWallClock("2026-03-29T01:30", 90)).toBe("2026-03-29T04:00:00");
  });

  it("gives a form field the reason: not a date, no such date, or outside the years", () => {
    const problem = (value: string) => {
      const parsed = calendarDateField.safeParse(value);
      return parsed.success ? null : parsed.error.issues[0]!.message;
    };
    expect(problem("2026-11-24")).toBeNull();
    expect(problem("")).toBe("forms.dateInvalid");
    expect(problem("24-11-2026")).toBe("forms.dateInvalid");
    expect(problem("2026-02-30")).toBe("safety.dates.notARealDate");
    expect(problem("0226-11-24")).toBe("safety.dates.outOfRange");
  });
});
