import { z } from "zod";
import { addMinutes, format, isExists } from "date-fns";
import { TZDate } from "@date-fns/tz";

// Real calendar dates and Dutch wall-clock times, checked with date-fns (and @date-fns/tz for
// Europe/Amsterdam), for every form that takes a date and for every stored value that is read
// back. A pattern alone let 2026-13-45 and 2026-02-30 through; JavaScript's Date silently rolls
// 2026-02-30 over to 2 March. Shared by the browser and the server.

/** Where every pair works: what a scheduled wall-clock time means. */
export const PAIRS_TIME_ZONE = "Europe/Amsterdam";

/** The years a form accepts: a typo such as 0226 or 20266 is no meeting date. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The date "YYYY-MM-DD" when it exists in the calendar (not 2026-02-30), else null. */
export function calendarDateOrNull(value: unknown): string | null {
  const match = typeof value === "string" ? DATE_PATTERN.exec(value) : null;
  if (!match) return null;
  return isExists(Number(match[1]), Number(match[2]) - 1, Number(match[3])) ? (value as string) : null;
}

/** Whether a real date lies in the years a form accepts. */
function inAcceptedYears(value: string): boolean {
  const year = Number(value.slice(0, 4));
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

/** A time of day "HH:MM" from 00:00 to 23:59, else null. */
export function clockTimeOrNull(value: unknown): string | null {
  return typeof value === "string" && TIME_PATTERN.test(value) ? value : null;
}

/**
 * Whether this wall-clock time happens in the Netherlands on that day: on the last Sunday of
 * March the clock jumps from 02:00 to 03:00, so 02:30 does not exist then.
 */
export function existsInAmsterdam(date: string, time: string): boolean {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const [h, min] = time.split(":").map(Number) as [number, number];
  const instant = new TZDate(y, m - 1, d, h, min, PAIRS_TIME_ZONE);
  return instant.getFullYear() === y && instant.getMonth() === m - 1 && instant.getDate() === d && instant.getHours() === h && instant.getMinutes() === min;
}

/** A stored scheduled time "YYYY-MM-DDTHH:MM" when it is a real Dutch wall-clock time, else null (rows from before the checks). */
export function wallClockOrNull(value: unknown): string | null {
  if (typeof value !== "string" || value.length !== 16 || value[10] !== "T") return null;
  const date = calendarDateOrNull(value.slice(0, 10));
  const time = clockTimeOrNull(value.slice(11));
  return date && time && existsInAmsterdam(date, time) ? value : null;
}

/**
 * A Dutch wall-clock time plus minutes of real time, as Dutch wall-clock "YYYY-MM-DDTHH:MM:SS"
 * (01:30 + 90 minutes on the night summer time starts is 04:00). Independent of the server's zone.
 */
export function addMinutesToWallClock(wallClock: string, minutes: number): string {
  const [y, m, d, h, min] = wallClock.split(/[-T:]/).map(Number) as [number, number, number, number, number];
  return format(addMinutes(new TZDate(y, m - 1, d, h, min, PAIRS_TIME_ZONE), minutes), "yyyy-MM-dd'T'HH:mm:ss");
}

/** A form field holding a real calendar date; the messages are i18n keys shown next to the field. */
export const calendarDateField = z
  .string({ message: "forms.dateInvalid" })
  .trim()
  .min(1, "forms.dateInvalid")
  .refine((v) => DATE_PATTERN.test(v), "forms.dateInvalid")
  .refine((v) => calendarDateOrNull(v) !== null, "safety.dates.notARealDate")
  .refine(inAcceptedYears, "safety.dates.outOfRange");

/** A form field holding a time of day "HH:MM". */
export const clockTimeField = z
  .string({ message: "forms.timeInvalid" })
  .trim()
  .refine((v) => clockTimeOrNull(v) !== null, "forms.timeInvalid");
