import { z } from "zod";
import { isValidMeetingId } from "../collab/protocol";

// socket.io events between the browser and the server, with their payload schemas.
// Imported by both sides so a payload has one definition.

export const presenceJoinSchema = z.object({
  meetingId: z.string().refine(isValidMeetingId, "invalid meeting id"),
  name: z.string().trim().min(1).max(60),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
});
export type PresenceJoin = z.infer<typeof presenceJoinSchema>;

/** One person on a meeting page, as the server lists them. */
export interface PresenceEntry {
  socketId: string;
  name: string;
  color: string;
}

/** Every reply to a client command: ok, or a reason that can be shown. */
export type CommandReply = { ok: true } | { ok: false; error: string };

export const LiveEvent = {
  presenceJoin: "presence:join",
  presenceList: "presence:list",
} as const;

/** The socket.io room of one meeting. */
export function meetingRoom(meetingId: string): string {
  return `meeting:${meetingId}`;
}
