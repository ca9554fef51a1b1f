import { useEffect, useState } from "react";
import { io } from "socket.io-client";
import { LiveEvent, type PresenceEntry } from "./events";
import type { Identity } from "./identity";

/** Joins a meeting's presence list over socket.io and returns who is on the page now. */
export function usePresence(meetingId: string, identity: Identity): { people: PresenceEntry[]; selfId: string | null } {
  const [people, setPeople] = useState<PresenceEntry[]>([]);
  const [selfId, setSelfId] = useState<string | null>(null);

  useEffect(() => {
    const socket = io({ transports: ["websocket"], reconnectionDelayMax: 10_000, randomizationFactor: 0.5 });
    const join = () => {
      setSelfId(socket.id ?? null);
      socket.emit(LiveEvent.presenceJoin, { meetingId, name: identity.name, color: identity.color });
    };
    socket.on("connect", join);
    socket.on(LiveEvent.presenceList, (list: PresenceEntry[]) => setPeople(list));
    return () => {
      socket.disconnect();
    };
  }, [meetingId, identity.name, identity.color]);

  return { people, selfId };
}
