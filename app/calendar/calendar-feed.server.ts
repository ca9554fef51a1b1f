import { findUserByCalendarTokenHash, findUserById, setCalendarTokenHash } from "../../db/users";
import ical, { ICalCalendarMethod } from "ical-generator";
import type { AppServices } from "../services.server";
import { listPairsOfUser } from "../../db/pairs";
import { listMeetingsOfPair } from "../../db/meetings";
import { listOpenAgreements } from "../../db/agreements";
import { hashToken, newToken } from "../auth/tokens.server";
import { nl } from "../i18n/nl";
import { addMinutesToWallClock, calendarDateOrNull, wallClockOrNull } from "../forms/dates";

// A user's calendar feed (issue #5): one secret URL per user, /calendar/<token>.ics, that a
// calendar app polls. The token is the credential (calendar apps send no cookies), so only its
// hash is stored, a new one replaces the old, and revoking clears it.
//
// Times. scheduled_at is the pair's Dutch wall-clock time ("YYYY-MM-DDTHH:MM"); it is written
// as such with TZID=Europe/Amsterdam, never converted to UTC, so a meeting at 10:00 stays at
// 10:00 across the DST change. Follow-up dates are all-day events (VALUE=DATE).
//
// Every value is escaped on its way into the text (issue #13.8): ical-generator escapes
// SUMMARY, DESCRIPTION and URL but writes UID as given, and an agreement's id comes from a
// shared document that any member can write. UIDs are percent-encoded (icsUidPart), texts lose
// control characters (icsText), and rows that are not real dates are left out, not a 500.

/** The pairs' own time zone: what scheduled_at means. */
export const CALENDAR_TIME_ZONE = "Europe/Amsterdam";

/**
 * The VTIMEZONE for CALENDAR_TIME_ZONE that RFC 5545 asks for next to every TZID (Outlook needs
 * it). The EU rule (last Sunday of March 02:00 → CEST, last Sunday of October 03:00 → CET) has
 * held since 1996, so a static definition is exact for every date Koers can hold.
 */
const AMSTERDAM_VTIMEZONE = [
  "BEGIN:VTIMEZONE",
  `TZID:${CALENDAR_TIME_ZONE}`,
  `X-LIC-LOCATION:${CALENDAR_TIME_ZONE}`,
  "BEGIN:DAYLIGHT",
  "TZOFFSETFROM:+0100",
  "TZOFFSETTO:+0200",
  "TZNAME:CEST",
  "DTSTART:19700329T020000",
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
  "END:DAYLIGHT",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0200",
  "TZOFFSETTO:+0100",
  "TZNAME:CET",
  "DTSTART:19701025T030000",
  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
  "END:STANDARD",
  "END:VTIMEZONE",
].join("\r\n");


/** Starts (or restarts) the user's feed: returns the new secret; the previous URL stops working. */
export async function enableCalendarFeed({ db }: Pick<AppServices, "db">, userId: string): Promise<string> {
  const token = newToken();
  await setCalendarTokenHash(db, userId, hashToken(token));
  return token;
}

/** Turns the user's feed off: its URL answers 404 from now on. */
export async function revokeCalendarFeed({ db }: Pick<AppServices, "db">, userId: string): Promise<void> {
  await setCalendarTokenHash(db, userId, null);
}

/** Whether the user has a feed (the URL itself cannot be shown again: only its hash is stored). */
export async function hasCalendarFeed({ db }: Pick<AppServices, "db">, userId: string): Promise<boolean> {
  return (await findUserById(db, userId))?.calendar_token_hash != null;
}

/** The URL path of a feed token: /calendar/<token>.ics. */
export function calendarFeedPath(token: string): string {
  return `/calendar/${token}.ics`;
}

/**
 * The ICS text of the feed behind `token`: the meetings of all the user's pairs and the
 * follow-up dates of their open agreements. Null for an unknown or revoked token.
 * `baseUrl` (the site's origin) adds a link to each meeting.
 */
export async function calendarFor({ db }: Pick<AppServices, "db">, token: string, options: { baseUrl?: string } = {}): Promise<string | null> {
  if (!token) return null;
  const user = await findUserByCalendarTokenHash(db, hashToken(token));
  if (!user) return null;

  const calendar = ical({
    name: nl.calendar.feed.name,
    prodId: { company: "Koers", product: "Koers", language: "NL" },
    method: ICalCalendarMethod.PUBLISH,
    // No calendar-wide zone (that would write DTSTAMP as local time); the generator adds the
    // VTIMEZONE for the zone the meeting events name.
    timezone: { name: null, generator: (zone) => (zone === CALENDAR_TIME_ZONE ? AMSTERDAM_VTIMEZONE : null) },
    ttl: 60 * 60,
  });

  for (const pair of await listPairsOfUser(db, user.id)) {
    for (const meeting of await listMeetingsOfPair(db, pair.id)) {
      // A stored time that is no real Dutch wall-clock time (from before the form checked it) is left out.
      const scheduledAt = wallClockOrNull(meeting.scheduled_at);
      if (!scheduledAt) continue;
      const kind = nl.meetingKinds[meeting.kind] ?? meeting.kind;
      const subkind = meeting.subkind ? ((nl.taakSubkinds as Record<string, string>)[meeting.subkind] ?? meeting.subkind) : null;
      calendar.createEvent({
        id: `meeting-${icsUidPart(meeting.id)}@koers`,
        // Wall-clock strings without an offset: ical-generator writes them as given under the TZID.
        start: `${scheduledAt}:00`,
        end: addMinutesToWallClock(scheduledAt, meeting.planned_minutes),
        timezone: CALENDAR_TIME_ZONE,
        summary: icsText(fill(nl.calendar.feed.meetingSummary, { kind: subkind ? `${kind}: ${subkind}` : kind, practice: pair.practice_name })),
        description: meeting.title ? icsText(meeting.title) : null,
        url: options.baseUrl ? meetingUrl(options.baseUrl, meeting.id) : null,
      });
    }
    for (const agreement of await listOpenAgreements(db, pair.id)) {
      const followUp = calendarDateOrNull(agreement.follow_up_date);
      if (!followUp) continue;
      calendar.createEvent({
        id: `agreement-${icsUidPart(agreement.meeting_id)}-${icsUidPart(agreement.id)}@koers`,
        start: followUp,
        allDay: true,
        summary: icsText(fill(nl.calendar.feed.agreementSummary, { text: agreement.text })),
        description: icsText(
          fill(nl.calendar.feed.agreementDescription, {
            owner: nl.agreements.owners[agreement.owner],
            practice: pair.practice_name,
            date: agreement.meeting_scheduled_at.slice(0, 10),
          }),
        ),
        url: options.baseUrl ? meetingUrl(options.baseUrl, agreement.meeting_id) : null,
      });
    }
  }
  return calendar.toString();
}

/**
 * An id as part of a UID: percent-encoded, so CR, LF, `;`, `,` or `:` in a forged id can never
 * end the line or the property (ids the app makes are unchanged: they hold no such character).
 */
export function icsUidPart(id: string): string {
  return encodeURIComponent(id.slice(0, 200));
}

/**
 * A text value without control characters (RFC 5545 allows none in TEXT but the tab). Line
 * breaks become spaces here; ical-generator escapes `\`, `;` and `,` itself.
 */
export function icsText(value: string): string {
  return value.replace(/\r\n|\r|\n/g, " ").replace(/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/g, "");
}

function meetingUrl(baseUrl: string, meetingId: string): string {
  return `${baseUrl}/meetings/${encodeURIComponent(meetingId)}`;
}

/** Fills {{name}} placeholders of a Dutch message (the feed is always Dutch: calendar apps send no language cookie). */
function fill(message: string, values: Record<string, string>): string {
  return message.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}
