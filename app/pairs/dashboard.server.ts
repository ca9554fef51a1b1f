import type { AppServices } from "../services.server";
import type { Pair } from "../../db/schema";
import { listPairMembers, listPairsOfUser, updateNormSettings } from "../../db/pairs";
import { listMeetingsOfPair } from "../../db/meetings";
import { meetingsOverview } from "../meetings/meetings.server";
import { groupByDue, openAgreementsView } from "../agreements/open-agreements.server";
import { computeNorms, amsterdamDate } from "../norms/norms";
import { parseNormSettings, type NormSettings } from "../norms/settings";
import { calendarDateOrNull } from "../forms/dates";
import { feedbackForNorms } from "../consult-feedback/consult-feedback.server";

// What the pair pages show, read through the domain (the routes import no repository).

/** The members of a pair with their names and roles. */
export function pairMembers(services: Pick<AppServices, "db">, pairId: string) {
  return listPairMembers(services.db, pairId);
}

/**
 * Everything the pair dashboard shows: members, meetings (to come and done), open agreements
 * by due date, and the norms. Rows stored before dates were checked (a period or follow-up date
 * that is no real date) are shown as they are but never break the page: the norms then count
 * from the day the pair was made, and such a follow-up date counts as "no date".
 */
export async function pairDashboard(services: Pick<AppServices, "db">, pair: Pair, now = new Date()) {
  const members = await listPairMembers(services.db, pair.id);
  const meetings = await meetingsOverview(services, pair.id);
  const agreements = (await openAgreementsView(services.db, pair.id, undefined, now)).map((a) => ({ ...a, followUpDate: calendarDateOrNull(a.followUpDate) }));
  const normsFrom = calendarDateOrNull(pair.starts_on) ?? amsterdamDate(Date.parse(pair.created_at) || now.getTime());
  const norms = computeNorms([...meetings.upcoming, ...meetings.past], parseNormSettings(pair.norm_settings), now, normsFrom, await feedbackForNorms(services, pair.id));
  return { members, meetings, agreements: groupByDue(agreements, now), norms };
}

/** The home page's list of the user's pairs: their role, the other member, the next meeting. */
export async function pairsOfUser(services: Pick<AppServices, "db">, userId: string) {
  const memberships = await listPairsOfUser(services.db, userId);
  return Promise.all(
    memberships.map(async (pair) => {
      const members = await listPairMembers(services.db, pair.id);
      const other = members.find((m) => m.user_id !== userId) ?? null;
      const next = (await listMeetingsOfPair(services.db, pair.id)).find((m) => m.status !== "afgerond") ?? null;
      return { id: pair.id, practiceName: pair.practice_name, year: pair.training_year, role: pair.role, otherName: other?.name ?? null, next };
    }),
  );
}

/** Stores the pair's norm settings (null: the defaults) and tells its open pages. */
export async function saveNormSettings(services: Pick<AppServices, "db" | "live">, pairId: string, settings: NormSettings | null): Promise<void> {
  await updateNormSettings(services.db, pairId, settings ? JSON.stringify(settings) : null);
  services.live.pairChanged(pairId);
}
