import { useEffect, useState } from "react";
import { LiveEvent, type CommandReply, type PresenceEntry } from "./events";
import { liveSocket } from "./socket";

/**
 * Joins a meeting's room over socket.io and returns who is on the page now. The server
 * checks membership on every join and lists people by their account name and role.
 */
export function usePresence(meetingId: string): { people: PresenceEntry[]; selfId: string | null; joinError: string | null } {
  const [people, setPeople] = useState<PresenceEntry[]>([]);
  const [selfId, setSelfId] = useState<string | null>(null);
  const [joinError, setJoinError] = useState<string | null>(null);

  useEffect(() => {
    const socket = liveSocket();
    const join = () => {
      setSelfId(socket.id ?? null);
      socket.emit(LiveEvent.presenceJoin, { meetingId }, (reply: CommandReply) => setJoinError(reply.ok ? null : reply.error));
    };
    const list = (entries: PresenceEntry[]) => setPeople(entries);
    socket.on("connect", join);
    socket.on(LiveEvent.presenceList, list);
    if (socket.connected) join();
    return () => {
      socket.off("connect", join);
      socket.off(LiveEvent.presenceList, list);
    };
  }, [meetingId]);

  return { people, selfId, joinError };
}
