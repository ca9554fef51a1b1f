import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { listOpenAgreements } from "../../db/agreements";
import { todayInNetherlands } from "../meetings/format";

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

/** The pair's open agreements for a page, earliest follow-up first, overdue ones marked. */
export async function openAgreementsView(db: Kysely<Database>, pairId: string, exceptMeetingId?: string, now = new Date()): Promise<OpenAgreementView[]> {
  const today = todayInNetherlands(now);
  return (await listOpenAgreements(db, pairId, exceptMeetingId)).map((a) => ({
    meetingId: a.meeting_id,
    id: a.id,
    text: a.text,
    owner: a.owner,
    followUpDate: a.follow_up_date,
    overdue: a.follow_up_date !== null && a.follow_up_date < today,
    meeting: { title: a.meeting_title, kind: a.meeting_kind, scheduledAt: a.meeting_scheduled_at },
  }));
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
