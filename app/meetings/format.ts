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
