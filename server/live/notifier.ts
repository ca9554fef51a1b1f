import { sessionMatches, type LiveNotifier, type SessionFilter } from "../../app/services.server";
import { LiveEvent, meetingRoom, pairRoom } from "../../app/live/events";
import type { LiveServer } from "./live-server";

/** Tells the open pages of a meeting or a pair that they should reload their data. */
export function liveNotifier(io: LiveServer): LiveNotifier {
  return {
    meetingChanged: (meetingId) => io.to(meetingRoom(meetingId)).emit(LiveEvent.meetingChanged, { meetingId }),
    pairChanged: (pairId) => io.to(pairRoom(pairId)).emit(LiveEvent.pairChanged, { pairId }),
  };
}

/** Disconnects the sockets of ended sessions. */
export function disconnectSessions(io: LiveServer, which: SessionFilter): void {
  for (const socket of io.sockets.sockets.values()) {
    if (socket.data.user && sessionMatches(which, socket.data.user.id, socket.data.sessionKey)) socket.disconnect(true);
  }
}

/** The login sessions (key → account) that have socket.io connections open here. */
export function openSocketSessions(io: LiveServer): Map<string, string> {
  const sessions = new Map<string, string>();
  for (const socket of io.sockets.sockets.values()) if (socket.data.user) sessions.set(socket.data.sessionKey, socket.data.user.id);
  return sessions;
}
