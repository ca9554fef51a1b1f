import type { Kysely } from "kysely";
import type { AuditChannel, Database, Role } from "./schema";

// The audit log: who opened which meeting's documents, through which channel. Coalesced to
// one row per (meeting, member, channel, 10-minute window), so a working session of an hour
// with a page, a Yjs connection and a socket is a handful of rows. No content, ever.

/** Length of one coalescing window. */
export const AUDIT_WINDOW_MS = 10 * 60_000;

/** The start (ISO) of the window an instant falls in. */
export function auditWindowStart(at: Date): string {
  return new Date(Math.floor(at.getTime() / AUDIT_WINDOW_MS) * AUDIT_WINDOW_MS).toISOString();
}

/** Records one open: a new row for a new window, else the window's last time and count move on. */
export async function recordOpen(
  db: Kysely<Database>,
  open: { meetingId: string; userId: string; channel: AuditChannel },
  at: Date = new Date(),
): Promise<void> {
  const iso = at.toISOString();
  await db
    .insertInto("audit_log")
    .values({ meeting_id: open.meetingId, user_id: open.userId, channel: open.channel, window_start: auditWindowStart(at), first_at: iso, last_at: iso, count: 1 })
    .onConflict((oc) =>
      oc.columns(["meeting_id", "user_id", "channel", "window_start"]).doUpdateSet((eb) => ({
        last_at: eb.ref("excluded.last_at"),
        count: eb("audit_log.count", "+", 1),
      })),
    )
    .execute();
}

/** One row of a meeting's audit log with the member's name and role. */
export interface MeetingOpenRow {
  userId: string;
  name: string;
  role: Role | null;
  channel: AuditChannel;
  windowStart: string;
  firstAt: string;
  lastAt: string;
  count: number;
}

/** A meeting's audit log, newest window first (at most `limit` rows). */
export async function listMeetingOpens(db: Kysely<Database>, meetingId: string, limit = 300): Promise<MeetingOpenRow[]> {
  const rows = await db
    .selectFrom("audit_log")
    .innerJoin("meetings", "meetings.id", "audit_log.meeting_id")
    .innerJoin("users", "users.id", "audit_log.user_id")
    .leftJoin("pair_members", (join) => join.onRef("pair_members.pair_id", "=", "meetings.pair_id").onRef("pair_members.user_id", "=", "audit_log.user_id"))
    .select([
      "audit_log.user_id",
      "users.name",
      "pair_members.role",
      "audit_log.channel",
      "audit_log.window_start",
      "audit_log.first_at",
      "audit_log.last_at",
      "audit_log.count",
    ])
    .where("audit_log.meeting_id", "=", meetingId)
    .orderBy("audit_log.window_start", "desc")
    .orderBy("audit_log.first_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    name: r.name,
    role: r.role,
    channel: r.channel,
    windowStart: r.window_start,
    firstAt: r.first_at,
    lastAt: r.last_at,
    count: r.count,
  }));
}
