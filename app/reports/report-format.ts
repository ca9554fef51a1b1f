import type { ReportData } from "./report-data";

// Dutch wording shared by the report draft and the Markdown export. Times are shown in
// Europe/Amsterdam, where every pair works.

const dayFormat = new Intl.DateTimeFormat("nl-NL", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const instantFormat = new Intl.DateTimeFormat("nl-NL", {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Europe/Amsterdam",
});

/** A calendar date "YYYY-MM-DD" as e.g. "dinsdag 8 december 2026". */
export function dutchDate(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(day.getTime()) ? date : dayFormat.format(day);
}

/** An instant (ISO) as e.g. "dinsdag 24 november 2026 om 13:02", Amsterdam time. */
export function dutchInstant(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : instantFormat.format(at);
}

/** When the meeting took place: its start when it started, else its planned (wall-clock) time. */
export function meetingWhen(meeting: ReportData["meeting"]): string {
  if (meeting.startedAt) return dutchInstant(meeting.startedAt);
  const [date, time] = meeting.scheduledAt.split("T");
  return time ? `${dutchDate(date!)} om ${time} (gepland)` : `${dutchDate(date!)} (gepland)`;
}

/** The meeting's length in whole minutes, from its start and end; null when either is missing. */
export function durationMinutes(meeting: ReportData["meeting"]): number | null {
  if (!meeting.startedAt || !meeting.endedAt) return null;
  const ms = Date.parse(meeting.endedAt) - Date.parse(meeting.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? Math.round(ms / 60_000) : null;
}

