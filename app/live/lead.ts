import { z } from "zod";
import { isValidMeetingId } from "../collab/protocol";
import type { Meeting } from "../../db/schema";

// The aios leads: which agenda item is current, its timer, and the meeting's start and end.
// This state lives in the database and changes only through socket.io commands that the
// server checks against the sender's role; it is never kept in the Y.Doc.

export const LEAD_COMMANDS = ["start", "end", "setCurrent", "timerStart", "timerPause", "timerReset"] as const;
export type LeadCommandName = (typeof LEAD_COMMANDS)[number];

const itemId = z.string().min(1).max(64);

export const leadCommandSchema = z.discriminatedUnion("command", [
  z.object({ meetingId: z.string().refine(isValidMeetingId), command: z.literal("start") }),
  z.object({ meetingId: z.string().refine(isValidMeetingId), command: z.literal("end") }),
  z.object({ meetingId: z.string().refine(isValidMeetingId), command: z.literal("setCurrent"), itemId }),
  z.object({ meetingId: z.string().refine(isValidMeetingId), command: z.literal("timerStart") }),
  z.object({ meetingId: z.string().refine(isValidMeetingId), command: z.literal("timerPause") }),
  z.object({ meetingId: z.string().refine(isValidMeetingId), command: z.literal("timerReset") }),
]);
export type LeadCommand = z.infer<typeof leadCommandSchema>;

/** The opleider asks the aios to move to an item; the aios accepts (setCurrent) or dismisses. */
export const suggestionSchema = z.object({ meetingId: z.string().refine(isValidMeetingId), itemId });
export const dismissSchema = z.object({ meetingId: z.string().refine(isValidMeetingId) });

export interface LeadState {
  meetingId: string;
  /** The meeting's lead version: raised by every stored command, so a page can tell a newer state from an older one. */
  version: number;
  status: Meeting["status"];
  plannedMinutes: number;
  startedAt: string | null;
  endedAt: string | null;
  currentItemId: string | null;
  timer: { itemId: string | null; runningSince: string | null; elapsedMs: number };
}

export interface Suggestion {
  itemId: string;
  fromName: string;
}

export function leadStateOf(meeting: Meeting): LeadState {
  return {
    meetingId: meeting.id,
    version: meeting.lead_version,
    status: meeting.status,
    plannedMinutes: meeting.planned_minutes,
    startedAt: meeting.started_at,
    endedAt: meeting.ended_at,
    currentItemId: meeting.current_item_id,
    timer: { itemId: meeting.timer_item_id, runningSince: meeting.timer_running_since, elapsedMs: meeting.timer_elapsed_ms },
  };
}

/** Milliseconds the current item's timer shows at `now`. */
export function timerElapsedMs(timer: LeadState["timer"], now: number): number {
  return timer.elapsedMs + (timer.runningSince ? Math.max(0, now - Date.parse(timer.runningSince)) : 0);
}

/**
 * What a command changes, or an error code when it is not allowed in this state.
 * Pure, so the rules are unit-tested without a server.
 */
export function applyLeadCommand(
  meeting: Meeting,
  command: LeadCommand,
  now: Date,
): { ok: true; changes: Partial<Meeting> } | { ok: false; error: "invalidState" } {
  const at = now.toISOString();
  const runningMs = meeting.timer_running_since ? Math.max(0, now.getTime() - Date.parse(meeting.timer_running_since)) : 0;
  switch (command.command) {
    case "start":
      if (meeting.status !== "gepland") return { ok: false, error: "invalidState" };
      return {
        ok: true,
        changes: {
          status: "bezig",
          started_at: at,
          // A current item chosen beforehand starts counting with the meeting.
          timer_running_since: meeting.timer_item_id ? at : null,
        },
      };
    case "end":
      if (meeting.status !== "bezig") return { ok: false, error: "invalidState" };
      return {
        ok: true,
        changes: { status: "afgerond", ended_at: at, timer_running_since: null, timer_elapsed_ms: meeting.timer_elapsed_ms + runningMs },
      };
    case "setCurrent":
      if (meeting.status === "afgerond") return { ok: false, error: "invalidState" };
      if (command.itemId === meeting.current_item_id) return { ok: true, changes: {} };
      return {
        ok: true,
        changes: {
          current_item_id: command.itemId,
          timer_item_id: command.itemId,
          timer_elapsed_ms: 0,
          timer_running_since: meeting.status === "bezig" ? at : null,
        },
      };
    case "timerStart":
      if (meeting.status !== "bezig" || !meeting.current_item_id || meeting.timer_running_since) return { ok: false, error: "invalidState" };
      return { ok: true, changes: { timer_item_id: meeting.current_item_id, timer_running_since: at } };
    case "timerPause":
      if (!meeting.timer_running_since) return { ok: false, error: "invalidState" };
      return { ok: true, changes: { timer_running_since: null, timer_elapsed_ms: meeting.timer_elapsed_ms + runningMs } };
    case "timerReset":
      if (meeting.status === "afgerond") return { ok: false, error: "invalidState" };
      return { ok: true, changes: { timer_elapsed_ms: 0, timer_running_since: meeting.timer_running_since ? at : null } };
  }
}
