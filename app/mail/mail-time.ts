import { TZDate } from "@date-fns/tz";
import { format, getISODay, getISOWeek } from "date-fns";
import { localeOf } from "../meetings/format";

// Calendar arithmetic for mails, in the recipient's own time zone. A meeting's scheduled_at is
// the pair's wall-clock time in the Netherlands ("YYYY-MM-DDTHH:MM"), so it is read there and
// shown in the recipient's zone.

/** Where every pair's scheduled times are read (see app/meetings/meetings.server.ts). */
export const PAIR_TIME_ZONE = "Europe/Amsterdam";
/** The default zone of a user's mails. */
export const DEFAULT_TIME_ZONE = "Europe/Amsterdam";
/** The reminder of tomorrow's meeting is queued from this local hour on, the day before. */
export const REMINDER_HOUR = 17;
/** The Monday digest is queued from this local hour on. */
export const DIGEST_HOUR = 7;

/** Whether a string is an IANA time zone this runtime knows. */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The zones offered on the account page (the runtime's list, with the default first). */
export function timeZoneChoices(): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return [DEFAULT_TIME_ZONE, ...zones.filter((z) => z !== DEFAULT_TIME_ZONE)];
}

/** A zone to compute in: the user's when valid, else the default. */
export function zoneOrDefault(zone: string | null | undefined): string {
  return isTimeZone(zone) ? zone : DEFAULT_TIME_ZONE;
}

/** The moment as seen in a zone: its date, hour and ISO weekday (1 = Monday). */
export function localMoment(now: Date, zone: string): { date: string; hour: number; isoDay: number } {
  const local = new TZDate(now.getTime(), zone);
  return { date: format(local, "yyyy-MM-dd"), hour: local.getHours(), isoDay: getISODay(local) };
}

/** A calendar date ("YYYY-MM-DD") plus whole days. */
export function plusDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The ISO week number of a calendar date. */
export function isoWeekOf(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return getISOWeek(new Date(y, m - 1, d, 12));
}

/** The instant of a meeting's scheduled wall-clock time in the Netherlands, or null when malformed. */
export function meetingInstant(scheduledAt: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(scheduledAt);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  return new Date(new TZDate(y, mo - 1, d, h, mi, PAIR_TIME_ZONE).getTime());
}

/** "dinsdag 24 november" in the zone and language. */
export function formatLongDate(instant: Date, zone: string, language: string): string {
  return new Intl.DateTimeFormat(localeOf(language), { weekday: "long", day: "numeric", month: "long", timeZone: zone }).format(instant);
}

/** "13:30" in the zone. */
export function formatTime(instant: Date, zone: string, language: string): string {
  return new Intl.DateTimeFormat(localeOf(language), { hour: "2-digit", minute: "2-digit", timeZone: zone }).format(instant);
}

/** A calendar date "YYYY-MM-DD" as "ma 23 nov" (no zone: a date is a date). */
export function formatShortDate(date: string, language: string): string {
  const day = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(day.getTime())) return date;
  return new Intl.DateTimeFormat(localeOf(language), { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }).format(day);
}
