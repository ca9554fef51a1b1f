import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { findMeeting, updateMeeting } from "../../db/meetings";
import { LiveEvent, meetingRoom } from "../../app/live/events";
import { applyLeadCommand, dismissSchema, leadCommandSchema, leadStateOf, suggestionSchema, type Suggestion } from "../../app/live/lead";
import { logger } from "../logger";
import type { LiveServer, LiveSocket } from "./live-server";
import { onCommand } from "./on-command";

/**
 * The aios's lead commands on one socket. Each is checked against the role the server
 * found when the socket joined the meeting (never a role the client claims), stored in
 * the database, then broadcast to the meeting's room. `onEnded` runs after an end was
 * stored (the end-of-meeting history snapshot).
 */
export function handleLeadCommands(
  io: LiveServer,
  socket: LiveSocket,
  db: Kysely<Database>,
  /** The pair's pages are told when a meeting's status changed (its dashboard lists it). */
  onChanged: (pairId: string) => void,
  onEnded?: (meetingId: string, userId: string) => void,
): void {
  onCommand(socket, LiveEvent.leadCommand, leadCommandSchema, async (command, answer) => {
    const joined = socket.data.meeting;
    if (!joined || joined.meetingId !== command.meetingId) return answer({ ok: false, error: "notJoined" });
    if (joined.identity.role !== "aios") return answer({ ok: false, error: "onlyAios" });
    await inTurn(io, joined.meetingId, async () => {
      try {
        const meeting = await findMeeting(db, joined.meetingId);
        if (!meeting) return answer({ ok: false, error: "notFound" });
        const result = applyLeadCommand(meeting, command, new Date());
        if (!result.ok) return answer(result);
        const stored = Object.keys(result.changes).length ? await updateMeeting(db, meeting.id, result.changes) : meeting;
        if (!stored) return answer({ ok: false, error: "notFound" });
        io.to(meetingRoom(meeting.id)).emit(LiveEvent.leadState, leadStateOf(stored));
        if (result.changes.status) onChanged(meeting.pair_id);
        if (result.changes.status === "afgerond") onEnded?.(meeting.id, joined.identity.userId);
        answer({ ok: true });
      } catch (error) {
        // Reported, never swallowed: the aios sees that the command did not take.
        logger.error("storing a lead command failed", error);
        answer({ ok: false, error: "saveFailed" });
      }
    });
  });

  onCommand(socket, LiveEvent.leadSuggest, suggestionSchema, ({ meetingId, itemId }, answer) => {
    const joined = socket.data.meeting;
    if (!joined || joined.meetingId !== meetingId) return answer({ ok: false, error: "notJoined" });
    // The opleider suggests; the aios simply moves on.
    if (joined.identity.role !== "opleider") return answer({ ok: false, error: "forbidden" });
    const suggestion: Suggestion = { itemId, fromName: joined.identity.name };
    io.to(meetingRoom(joined.meetingId)).emit(LiveEvent.leadSuggestion, suggestion);
    answer({ ok: true });
  });

  onCommand(socket, LiveEvent.leadDismiss, dismissSchema, ({ meetingId }, answer) => {
    const joined = socket.data.meeting;
    if (!joined || joined.meetingId !== meetingId) return answer({ ok: false, error: "notJoined" });
    if (joined.identity.role !== "aios") return answer({ ok: false, error: "onlyAios" });
    io.to(meetingRoom(joined.meetingId)).emit(LiveEvent.leadSuggestion, null);
    answer({ ok: true });
  });
}

const queues = new WeakMap<LiveServer, Map<string, Promise<void>>>();

/**
 * Runs a meeting's lead commands one at a time, in the order they arrived. Each reads the
 * meeting, applies the rules and stores the result across awaits; without this, two
 * commands sent back to back (start + setCurrent, end + setCurrent) both read the old
 * state and the later write undoes part of the earlier one.
 */
function inTurn(io: LiveServer, meetingId: string, task: () => Promise<void>): Promise<void> {
  let perMeeting = queues.get(io);
  if (!perMeeting) queues.set(io, (perMeeting = new Map()));
  const run = (perMeeting.get(meetingId) ?? Promise.resolve()).then(task).catch((error: unknown) => logger.error("a lead command failed", error));
  perMeeting.set(meetingId, run);
  void run.then(() => {
    if (perMeeting.get(meetingId) === run) perMeeting.delete(meetingId);
  });
  return run;
}
