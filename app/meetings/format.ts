/**
 * Shows a scheduled wall-clock time ("YYYY-MM-DDTHH:MM", the pair's own local time) as
 * e.g. "di 24 nov, 13:30". Formatted as UTC on purpose: the stored value has no zone,
 * so the server and every browser print the same digits.
 */
export function formatScheduled(scheduledAt: string, language: string): string {
  const date = new Date(`${scheduledAt}:00Z`);
  if (Number.isNaN(date.getTime())) return scheduledAt;
  return new Intl.DateTimeFormat(language === "en" ? "en-GB" : "nl-NL", {
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
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** A calendar date (YYYY-MM-DD) as e.g. "ma 8 dec". */
export function formatDate(date: string, language: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(language === "en" ? "en-GB" : "nl-NL", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }).format(d);
}
