import type { Kysely } from "kysely";
import type { Database, Meeting } from "../../db/schema";
import { listOpenAgreements, listOpenAgreementsBefore, type OpenAgreement } from "../../db/agreements";
import { findMeeting, listMeetingsOfPair } from "../../db/meetings";
import { todayInNetherlands } from "../meetings/format";
import { NORMS_TIME_ZONE } from "../norms/norms";

const timeFormat = new Intl.DateTimeFormat("en-GB", { timeZone: NORMS_TIME_ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
/** "HH:MM" in the Netherlands. */
function amsterdamTime(now: Date): string {
  return timeFormat.format(now);
}

/** An open agreement as pages show it. */
export interface OpenAgreementView {
  meetingId: string;
  id: string;
  text: string;
  owner: "aios" | "opleider" | "samen";
  followUpDate: string | null;
  overdue: boolean;
  meeting: { title: string | null; kind: string; scheduledAt: string };
}

/**
 * The pair's open agreements for a page, earliest follow-up first, overdue ones marked. With
 * `beforeMeetingId` ("Vorige afspraken" in a meeting, "Voorbereiden" for the next one): only
 * those made in meetings before that one by scheduled time, never a later meeting's.
 */
export async function openAgreementsView(db: Kysely<Database>, pairId: string, beforeMeetingId?: string, now = new Date()): Promise<OpenAgreementView[]> {
  const today = todayInNetherlands(now);
  let rows: OpenAgreement[];
  if (beforeMeetingId) {
    const meeting = await findMeeting(db, beforeMeetingId);
    if (!meeting || meeting.pair_id !== pairId) return [];
    rows = await listOpenAgreementsBefore(db, pairId, { id: meeting.id, scheduledAt: meeting.scheduled_at, createdAt: meeting.created_at });
  } else {
    rows = await listOpenAgreements(db, pairId);
  }
  return rows.map((a) => ({
    meetingId: a.meeting_id,
    id: a.id,
    text: a.text,
    owner: a.owner,
    followUpDate: a.follow_up_date,
    overdue: a.follow_up_date !== null && a.follow_up_date < today,
    meeting: { title: a.meeting_title, kind: a.meeting_kind, scheduledAt: a.meeting_scheduled_at },
  }));
}

/**
 * The meeting "Voorbereiden" prepares: the one in progress, else the first planned one from
 * now on (wall-clock time in the Netherlands). Null when none is planned.
 */
export async function nextMeetingOf(db: Kysely<Database>, pairId: string, now = new Date()): Promise<Meeting | null> {
  const meetings = await listMeetingsOfPair(db, pairId); // soonest scheduled first
  const inProgress = meetings.find((m) => m.status === "bezig");
  if (inProgress) return inProgress;
  const wallClockNow = `${todayInNetherlands(now)}T${amsterdamTime(now)}`;
  return meetings.find((m) => m.status === "gepland" && m.scheduled_at >= wallClockNow) ?? null;
}

/** Open agreements grouped for the dashboard: overdue, due this week (within 7 days), later or undated. */
export function groupByDue(agreements: OpenAgreementView[], now = new Date()) {
  const today = todayInNetherlands(now);
  const weekEnd = todayInNetherlands(new Date(now.getTime() + 7 * 24 * 3600 * 1000));
  return {
    overdue: agreements.filter((a) => a.followUpDate !== null && a.followUpDate < today),
    thisWeek: agreements.filter((a) => a.followUpDate !== null && a.followUpDate >= today && a.followUpDate <= weekEnd),
    later: agreements.filter((a) => a.followUpDate === null || a.followUpDate > weekEnd),
  };
}
