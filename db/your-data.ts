import type { Kysely } from "kysely";
import type { AgreementChangeKind, AuditChannel, Database, Meeting, Role } from "./schema";

// What an export reads about one person (issue #19): their pairs and meetings, the agreements
// and their history of the pairs they are the aios of, and the audit log of their meetings.
// Only ever queried with the asking person's own id.

/** A pair of the person, with their role, when they joined and the partner's name (null: nobody yet). */
export interface PairOfPerson {
  pairId: string;
  practiceName: string;
  trainingYear: number;
  startsOn: string;
  endsOn: string;
  role: Role;
  joinedAt: string;
  partnerName: string | null;
}

export async function listPairsOfPerson(db: Kysely<Database>, userId: string): Promise<PairOfPerson[]> {
  const rows = await db
    .selectFrom("pair_members as me")
    .innerJoin("pairs", "pairs.id", "me.pair_id")
    .leftJoin("pair_members as other", (join) => join.onRef("other.pair_id", "=", "me.pair_id").onRef("other.user_id", "!=", "me.user_id"))
    .leftJoin("users as partner", "partner.id", "other.user_id")
    .select([
      "pairs.id",
      "pairs.practice_name",
      "pairs.training_year",
      "pairs.starts_on",
      "pairs.ends_on",
      "me.role",
      "me.joined_at",
      "partner.name as partner_name",
    ])
    .where("me.user_id", "=", userId)
    .orderBy("pairs.created_at", "asc")
    .execute();
  return rows.map((r) => ({
    pairId: r.id,
    practiceName: r.practice_name,
    trainingYear: r.training_year,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    role: r.role,
    joinedAt: r.joined_at,
    partnerName: r.partner_name,
  }));
}

/** The meetings of the given pairs, oldest first, with their report's workflow state. */
export async function listMeetingsWithReports(
  db: Kysely<Database>,
  pairIds: string[],
): Promise<Array<Meeting & { report_status: string | null; submitted_at: string | null; confirmed_at: string | null }>> {
  if (pairIds.length === 0) return [];
  return db
    .selectFrom("meetings")
    .leftJoin("reports", "reports.meeting_id", "meetings.id")
    .selectAll("meetings")
    .select(["reports.status as report_status", "reports.submitted_at", "reports.confirmed_at"])
    .where("meetings.pair_id", "in", pairIds)
    .orderBy("meetings.scheduled_at", "asc")
    .orderBy("meetings.id", "asc")
    .execute();
}

/** One agreement with its meeting, for the CSV. */
export interface AgreementOfPerson {
  meetingId: string;
  meetingDate: string;
  meetingKind: string;
  practiceName: string;
  id: string;
  text: string;
  owner: string;
  followUpDate: string | null;
  status: string;
  createdAt: string;
  updatedAt: string;
  removedAt: string | null;
}

/** Every agreement of the given pairs (also ones removed from their document), by meeting and position. */
export async function listAgreementsOfPairs(db: Kysely<Database>, pairIds: string[]): Promise<AgreementOfPerson[]> {
  if (pairIds.length === 0) return [];
  const rows = await db
    .selectFrom("agreements")
    .innerJoin("meetings", "meetings.id", "agreements.meeting_id")
    .innerJoin("pairs", "pairs.id", "agreements.pair_id")
    .select([
      "agreements.meeting_id",
      "meetings.scheduled_at",
      "meetings.kind",
      "pairs.practice_name",
      "agreements.id",
      "agreements.text",
      "agreements.owner",
      "agreements.follow_up_date",
      "agreements.status",
      "agreements.created_at",
      "agreements.updated_at",
      "agreements.removed_at",
    ])
    .where("agreements.pair_id", "in", pairIds)
    .orderBy("meetings.scheduled_at", "asc")
    .orderBy("agreements.meeting_id", "asc")
    .orderBy("agreements.position", "asc")
    .execute();
  return rows.map((r) => ({
    meetingId: r.meeting_id,
    meetingDate: r.scheduled_at,
    meetingKind: r.kind,
    practiceName: r.practice_name,
    id: r.id,
    text: r.text,
    owner: r.owner,
    followUpDate: r.follow_up_date,
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    removedAt: r.removed_at,
  }));
}

/** One recorded change of an agreement, with the agreement's text as it is now. */
export interface AgreementChangeOfPerson {
  changedAt: string;
  meetingId: string;
  meetingDate: string;
  agreementId: string;
  text: string | null;
  change: AgreementChangeKind;
  oldValue: string | null;
  newValue: string | null;
}

/** The change history of every agreement of the given pairs, oldest first. */
export async function listAgreementChangesOfPairs(db: Kysely<Database>, pairIds: string[]): Promise<AgreementChangeOfPerson[]> {
  if (pairIds.length === 0) return [];
  const rows = await db
    .selectFrom("agreement_changes as c")
    .innerJoin("meetings", "meetings.id", "c.meeting_id")
    .leftJoin("agreements", (join) => join.onRef("agreements.meeting_id", "=", "c.meeting_id").onRef("agreements.id", "=", "c.agreement_id"))
    .select(["c.changed_at", "c.meeting_id", "meetings.scheduled_at", "c.agreement_id", "agreements.text", "c.change", "c.old_value", "c.new_value"])
    .where("c.pair_id", "in", pairIds)
    .orderBy("c.changed_at", "asc")
    .orderBy("c.id", "asc")
    .execute();
  return rows.map((r) => ({
    changedAt: r.changed_at,
    meetingId: r.meeting_id,
    meetingDate: r.scheduled_at,
    agreementId: r.agreement_id,
    text: r.text,
    change: r.change,
    oldValue: r.old_value,
    newValue: r.new_value,
  }));
}

/** The audit log of the given pairs' meetings, oldest first, with names and roles. */
export async function listAuditOfPairs(
  db: Kysely<Database>,
  pairIds: string[],
): Promise<Array<{ meetingId: string; meetingDate: string; name: string; role: Role | null; channel: AuditChannel; firstAt: string; lastAt: string; count: number }>> {
  if (pairIds.length === 0) return [];
  const rows = await db
    .selectFrom("audit_log")
    .innerJoin("meetings", "meetings.id", "audit_log.meeting_id")
    .innerJoin("users", "users.id", "audit_log.user_id")
    .leftJoin("pair_members", (join) => join.onRef("pair_members.pair_id", "=", "meetings.pair_id").onRef("pair_members.user_id", "=", "audit_log.user_id"))
    .select(["audit_log.meeting_id", "meetings.scheduled_at", "users.name", "pair_members.role", "audit_log.channel", "audit_log.first_at", "audit_log.last_at", "audit_log.count"])
    .where("meetings.pair_id", "in", pairIds)
    .orderBy("audit_log.first_at", "asc")
    .execute();
  return rows.map((r) => ({
    meetingId: r.meeting_id,
    meetingDate: r.scheduled_at,
    name: r.name,
    role: r.role,
    channel: r.channel,
    firstAt: r.first_at,
    lastAt: r.last_at,
    count: r.count,
  }));
}

/** The person's sessions (when started, until when), never their tokens. */
export async function listSessionTimes(db: Kysely<Database>, userId: string): Promise<Array<{ createdAt: string; expiresAt: string }>> {
  const rows = await db.selectFrom("sessions").select(["created_at", "expires_at"]).where("user_id", "=", userId).orderBy("created_at", "asc").execute();
  return rows.map((r) => ({ createdAt: r.created_at, expiresAt: r.expires_at }));
}
