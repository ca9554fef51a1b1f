import { z } from "zod";
import { isValidMeetingId } from "../collab/protocol";

// socket.io events between the browser and the server, with their payload schemas.
// Imported by both sides so a payload has one definition.

/** Joining a meeting's room: the name and colour come from the server's account, not from here. */
export const presenceJoinSchema = z.object({
  meetingId: z.string().refine(isValidMeetingId, "invalid meeting id"),
});
export type PresenceJoin = z.infer<typeof presenceJoinSchema>;

/** Leaving a meeting's room: the one named, or (no payload) whichever this socket joined. */
export const presenceLeaveSchema = presenceJoinSchema.optional();

export const pairWatchSchema = z.object({ pairId: z.string().uuid() });

/** One person on a meeting page, as the server lists them. */
export interface PresenceEntry {
  socketId: string;
  userId: string;
  name: string;
  role: "aios" | "opleider";
  color: string;
}

/** Every reply to a client command: ok, or a reason (an i18n key under `live.errors`) that can be shown. */
export type CommandReply = { ok: true } | { ok: false; error: LiveErrorCode };

export type LiveErrorCode =
  | "invalidPayload"
  | "notLoggedIn"
  | "forbidden"
  | "notFound"
  | "onlyAios"
  | "notJoined"
  | "saveFailed"
  | "invalidState"
  /** The event is not one the browser sends (a server → browser event, or no event at all). */
  | "unknownEvent"
  /** This connection sent more events than a person can (server/live/event-budget.ts); not handled. */
  | "tooManyEvents"
  /** The server failed while handling a valid command; logged there. */
  | "serverError";

export const LiveEvent = {
  presenceJoin: "presence:join",
  presenceList: "presence:list",
  /** Server → pages of a meeting: its data (status, schedule) changed; reload. */
  meetingChanged: "meeting:changed",
  presenceLeave: "presence:leave",
  /** Browser (aios) → server: a lead command; server → room: the new lead state. */
  leadCommand: "lead:command",
  leadState: "lead:state",
  /** Browser (opleider) → server → aios: "shall we go to this item?"; the aios accepts or dismisses. */
  leadSuggest: "lead:suggest",
  leadSuggestion: "lead:suggestion",
  leadDismiss: "lead:dismiss",
  /** Browser → server: follow a pair's changes (checked against membership). */
  pairWatch: "pair:watch",
  /** Server → pages of a pair: its meetings or members changed; reload. */
  pairChanged: "pair:changed",
} as const;

/** The socket.io room of one meeting. */
export function meetingRoom(meetingId: string): string {
  return `meeting:${meetingId}`;
}

/** The socket.io room of one pair (its dashboard and pair page). */
export function pairRoom(pairId: string): string {
  return `pair:${pairId}`;
}
