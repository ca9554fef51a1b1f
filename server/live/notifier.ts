import type { LiveNotifier } from "../../app/services.server";
import { LiveEvent, meetingRoom, pairRoom } from "../../app/live/events";
import type { LiveServer } from "./live-server";

/** Tells the open pages of a meeting or a pair that they should reload their data. */
export function liveNotifier(io: LiveServer): LiveNotifier {
  return {
    meetingChanged: (meetingId) => io.to(meetingRoom(meetingId)).emit(LiveEvent.meetingChanged, { meetingId }),
    pairChanged: (pairId) => io.to(pairRoom(pairId)).emit(LiveEvent.pairChanged, { pairId }),
  };
}

/** Disconnects every socket of a user whose sessions were ended. */
export function disconnectUser(io: LiveServer, userId: string): void {
  for (const socket of io.sockets.sockets.values()) {
    if (socket.data.user?.id === userId) socket.disconnect(true);
  }
}
