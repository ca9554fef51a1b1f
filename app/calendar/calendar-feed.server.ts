import { findUserByCalendarTokenHash, findUserById, setCalendarTokenHash } from "../../db/users";
import ical, { ICalCalendarMethod } from "ical-generator";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { listPairsOfUser } from "../../db/pairs";
import { listMeetingsOfPair } from "../../db/meetings";
import { listOpenAgreements } from "../../db/agreements";
import { hashToken, newToken } from "../auth/tokens.server";
import { nl } from "../i18n/nl";

// A user's calendar feed (issue #5): one secret URL per user, /calendar/<token>.ics, that a
// calendar app polls. The token is the credential (calendar apps send no cookies), so only its
// hash is stored, a new one replaces the old, and revoking clears it.
//
// Times. scheduled_at is the pair's Dutch wall-clock time ("YYYY-MM-DDTHH:MM"); it is written
// as such with TZID=Europe/Amsterdam, never converted to UTC, so a meeting at 10:00 stays at
// 10:00 across the DST change. Follow-up dates are all-day events (VALUE=DATE).

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

const WALL_CLOCK = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Starts (or restarts) the user's feed: returns the new secret; the previous URL stops working. */
export async function enableCalendarFeed(db: Kysely<Database>, userId: string): Promise<string> {
  const token = newToken();
  await setCalendarTokenHash(db, userId, hashToken(token));
  return token;
}

/** Turns the user's feed off: its URL answers 404 from now on. */
export async function revokeCalendarFeed(db: Kysely<Database>, userId: string): Promise<void> {
  await setCalendarTokenHash(db, userId, null);
}

/** Whether the user has a feed (the URL itself cannot be shown again: only its hash is stored). */
export async function hasCalendarFeed(db: Kysely<Database>, userId: string): Promise<boolean> {
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
export async function calendarFor(db: Kysely<Database>, token: string, options: { baseUrl?: string } = {}): Promise<string | null> {
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
      if (!WALL_CLOCK.test(meeting.scheduled_at)) continue;
      const kind = nl.meetingKinds[meeting.kind] ?? meeting.kind;
      const subkind = meeting.subkind ? ((nl.taakSubkinds as Record<string, string>)[meeting.subkind] ?? meeting.subkind) : null;
      calendar.createEvent({
        id: `meeting-${meeting.id}@koers`,
        // Wall-clock strings without an offset: ical-generator writes them as given under the TZID.
        start: `${meeting.scheduled_at}:00`,
        end: addMinutesToWallClock(meeting.scheduled_at, meeting.planned_minutes),
        timezone: CALENDAR_TIME_ZONE,
        summary: fill(nl.calendar.feed.meetingSummary, { kind: subkind ? `${kind}: ${subkind}` : kind, practice: pair.practice_name }),
        description: meeting.title ?? null,
        url: options.baseUrl ? `${options.baseUrl}/meetings/${meeting.id}` : null,
      });
    }
    for (const agreement of await listOpenAgreements(db, pair.id)) {
      if (!agreement.follow_up_date || !DATE_ONLY.test(agreement.follow_up_date)) continue;
      calendar.createEvent({
        id: `agreement-${agreement.meeting_id}-${agreement.id}@koers`,
        start: agreement.follow_up_date,
        allDay: true,
        summary: fill(nl.calendar.feed.agreementSummary, { text: agreement.text }),
        description: fill(nl.calendar.feed.agreementDescription, {
          owner: nl.agreements.owners[agreement.owner],
          practice: pair.practice_name,
          date: agreement.meeting_scheduled_at.slice(0, 10),
        }),
        url: options.baseUrl ? `${options.baseUrl}/meetings/${agreement.meeting_id}` : null,
      });
    }
  }
  return calendar.toString();
}

/** "YYYY-MM-DDTHH:MM" plus minutes, as "YYYY-MM-DDTHH:MM:SS" wall-clock time (plain calendar arithmetic). */
function addMinutesToWallClock(wallClock: string, minutes: number): string {
  return new Date(Date.parse(`${wallClock}:00Z`) + minutes * 60_000).toISOString().slice(0, 19);
}

/** Fills {{name}} placeholders of a Dutch message (the feed is always Dutch: calendar apps send no language cookie). */
function fill(message: string, values: Record<string, string>): string {
  return message.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}
