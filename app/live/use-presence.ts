import { useEffect, useState } from "react";
import { LiveEvent, type PresenceEntry } from "./events";
import { liveSocket } from "./socket";

/**
 * Joins a meeting's room over socket.io and returns who is on the page now. The server
 * checks membership on every join and lists people by their account name and role.
 */
export function usePresence(meetingId: string): { people: PresenceEntry[]; selfId: string | null } {
  const [people, setPeople] = useState<PresenceEntry[]>([]);
  const [selfId, setSelfId] = useState<string | null>(null);

  useEffect(() => {
    const socket = liveSocket();
    const join = () => {
      setSelfId(socket.id ?? null);
      // Refusals cannot happen here: the page's loader already checked the same membership.
      socket.emit(LiveEvent.presenceJoin, { meetingId });
    };
    const list = (entries: PresenceEntry[]) => setPeople(entries);
    // Cut off (offline, the server gone), this page cannot know who else is there: it lists
    // only this person until the reconnect's join brings the server's list again.
    const lost = () => setPeople((entries) => entries.filter((entry) => entry.socketId === lastSelfId));
    let lastSelfId: string | undefined = socket.id;
    const remember = () => void (lastSelfId = socket.id);
    socket.on("connect", remember);
    socket.on("connect", join);
    socket.on("disconnect", lost);
    socket.on(LiveEvent.presenceList, list);
    if (socket.connected) join();
    return () => {
      socket.off("connect", remember);
      socket.off("connect", join);
      socket.off("disconnect", lost);
      socket.off(LiveEvent.presenceList, list);
    };
  }, [meetingId]);

  return { people, selfId };
}
