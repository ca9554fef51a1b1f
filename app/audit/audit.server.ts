import type { Kysely } from "kysely";
import type { AuditChannel, Database, Role } from "../../db/schema";
import { listMeetingOpens, recordOpen } from "../../db/audit-log";
import { isErasedAccount } from "../../db/erased-account";
import { parseDocName } from "../collab/protocol";
import { logger } from "../../server/logger";

// Who opened what (issue #19): every channel that hands out a meeting's content records the
// open here, after its access check (so only members are ever recorded): the meeting page,
// print, Markdown, PDF, history, the export, a Yjs upgrade and a socket.io presence:join.
// A failed write is logged; the member still gets what they opened.

/** Records that a member opened a meeting's documents through a channel (call after the access check). */
export async function recordMeetingOpen(db: Kysely<Database>, meetingId: string, userId: string, channel: AuditChannel, at: Date = new Date()): Promise<void> {
  try {
    await recordOpen(db, { meetingId, userId, channel }, at);
  } catch (error) {
    logger.error(`could not record that ${userId} opened meeting ${meetingId} (${channel})`, error);
  }
}

/** Records a Yjs document's upgrade as an open of its meeting (shared or private notes). */
export async function recordDocumentOpen(db: Kysely<Database>, docName: string, userId: string, at: Date = new Date()): Promise<void> {
  const parsed = parseDocName(docName);
  if (parsed) await recordMeetingOpen(db, parsed.meetingId, userId, "yjs", at);
}

/** One visit in the "Geopend door" list: a member in one 10-minute window, with every channel they used. */
export interface MeetingVisit {
  windowStart: string;
  firstAt: string;
  lastAt: string;
  userId: string;
  name: string;
  role: Role | null;
  erased: boolean;
  channels: AuditChannel[];
  count: number;
}

/** A meeting's audit log as visits, newest first. The caller checks that the reader is a member. */
export async function listMeetingVisits(db: Kysely<Database>, meetingId: string): Promise<MeetingVisit[]> {
  const rows = await listMeetingOpens(db, meetingId);
  const visits = new Map<string, MeetingVisit>();
  for (const r of rows) {
    const key = `${r.windowStart}\n${r.userId}`;
    const visit = visits.get(key);
    if (!visit) {
      visits.set(key, {
        windowStart: r.windowStart,
        firstAt: r.firstAt,
        lastAt: r.lastAt,
        userId: r.userId,
        name: r.name,
        role: r.role,
        erased: isErasedAccount(r.userId),
        channels: [r.channel],
        count: r.count,
      });
      continue;
    }
    if (r.firstAt < visit.firstAt) visit.firstAt = r.firstAt;
    if (r.lastAt > visit.lastAt) visit.lastAt = r.lastAt;
    if (!visit.channels.includes(r.channel)) visit.channels.push(r.channel);
    visit.count += r.count;
  }
  const order: AuditChannel[] = ["page", "yjs", "live", "history", "print", "markdown", "pdf", "export"];
  return [...visits.values()]
    .map((v) => ({ ...v, channels: [...v.channels].sort((a, b) => order.indexOf(a) - order.indexOf(b)) }))
    .sort((a, b) => (a.windowStart === b.windowStart ? b.firstAt.localeCompare(a.firstAt) : b.windowStart.localeCompare(a.windowStart)));
}
