import { amsterdamDate, NORMS_TIME_ZONE } from "../norms/norms";
import { calendarDateOrNull, wallClockOrNull } from "../forms/dates";
/**
 * Shows a scheduled wall-clock time ("YYYY-MM-DDTHH:MM", the pair's own local time) as
 * e.g. "di 24 nov, 13:30". Formatted as UTC on purpose: the stored value has no zone,
 * so the server and every browser print the same digits.
 */
export function formatScheduled(scheduledAt: string, language: string): string {
  // A stored value that is no real time (from before the forms checked) is shown as it is, never rolled over to another day.
  if (!wallClockOrNull(scheduledAt)) return scheduledAt;
  const date = new Date(`${scheduledAt}:00Z`);
  return new Intl.DateTimeFormat(localeOf(language), {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "UTC",
  }).format(date);
}

/** Today's date (YYYY-MM-DD) in the Netherlands, where every pair works. */
export function todayInNetherlands(now: Date = new Date()): string {
  return amsterdamDate(now.getTime());
}

/** Shows a calendar date "YYYY-MM-DD" as e.g. "ma 24 nov"; as UTC, for the same reason. */
export function formatDay(date: string, language: string): string {
  if (!calendarDateOrNull(date)) return date;
  const day = new Date(`${date}T00:00:00Z`);
  return new Intl.DateTimeFormat(localeOf(language), {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  }).format(day);
}

/** Shows a calendar date "YYYY-MM-DD" with its year, e.g. "2 okt 2026" (a pair's period); as UTC, for the same reason. */
export function formatDayWithYear(date: string, language: string): string {
  if (!calendarDateOrNull(date)) return date;
  return new Intl.DateTimeFormat(localeOf(language), { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`));
}

/** The Intl locale for the interface language. */
export function localeOf(language: string): string {
  return language === "en" ? "en-GB" : "nl-NL";
}

/** An instant (ISO) as the Netherlands saw it, e.g. "23 nov 2026 14:05" (history lists). */
export function formatInstant(iso: string, language: string): string {
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: "medium", timeStyle: "short", timeZone: NORMS_TIME_ZONE }).format(new Date(iso));
}
