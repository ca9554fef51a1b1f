import type { Kysely } from "kysely";
import type { Database, Meeting, Pair, Role } from "../../db/schema";
import { findMeeting } from "../../db/meetings";
import { findMemberRole, findPair } from "../../db/pairs";
import { parseDocName } from "../collab/protocol";

// Who may see what. One rule for every channel (loaders, actions, the Yjs upgrade,
// socket.io): a meeting belongs to a pair, and only the pair's two members may open it.
// A private notes document may be opened only by its author.

export type Access = { ok: true; meeting: Meeting; role: Role } | { ok: false; status: 404 | 403 };

/** Whether the user may open the meeting, and in which role. 404 when it does not exist. */
export async function meetingAccess(db: Kysely<Database>, userId: string, meetingId: string): Promise<Access> {
  const meeting = await findMeeting(db, meetingId);
  if (!meeting) return { ok: false, status: 404 };
  const role = await findMemberRole(db, meeting.pair_id, userId);
  return role ? { ok: true, meeting, role } : { ok: false, status: 403 };
}

/** Whether the user may open a Yjs document, by its name. */
export async function documentAccess(db: Kysely<Database>, userId: string, docName: string): Promise<Access> {
  const parsed = parseDocName(docName);
  if (!parsed) return { ok: false, status: 404 };
  const access = await meetingAccess(db, userId, parsed.meetingId);
  if (parsed.kind === "private" && access.ok && parsed.ownerId !== userId) return { ok: false, status: 403 };
  return access;
}

export type PairAccess = { ok: true; pair: Pair; role: Role } | { ok: false; status: 404 | 403 };

/** Whether the user is a member of the pair, and in which role. */
export async function pairAccess(db: Kysely<Database>, userId: string, pairId: string): Promise<PairAccess> {
  const pair = await findPair(db, pairId);
  if (!pair) return { ok: false, status: 404 };
  const role = await findMemberRole(db, pair.id, userId);
  return role ? { ok: true, pair, role } : { ok: false, status: 403 };
}

/** For loaders and actions: the access, or a 404/403 response thrown to the error page. */
export function orRefuse<T extends { ok: true }>(access: T | { ok: false; status: 404 | 403 }): T {
  if (!access.ok) throw new Response(access.status === 404 ? "Niet gevonden" : "Geen toegang", { status: access.status });
  return access;
}
