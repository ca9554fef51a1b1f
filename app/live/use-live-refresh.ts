import { useEffect, useRef } from "react";
import { LiveEvent, type CommandReply } from "./events";
import { liveSocket } from "./socket";

/**
 * Calls `onChange` when the server says the pair's data changed (a meeting scheduled, a
 * member joined), so the other member's open page updates without a reload.
 */
export function useLiveRefresh({ pairId }: { pairId: string }, onChange: () => void): void {
  const callback = useRef(onChange);
  callback.current = onChange;
  useEffect(() => {
    const socket = liveSocket();
    // Once watching, catch up once: a change made between this page's load and the watch would otherwise be missed.
    const watch = () => socket.emit(LiveEvent.pairWatch, { pairId }, (reply: CommandReply) => reply?.ok && callback.current());
    const changed = (payload: { pairId?: string }) => {
      if (payload?.pairId === pairId) callback.current();
    };
    socket.on("connect", watch);
    socket.on(LiveEvent.pairChanged, changed);
    if (socket.connected) watch();
    return () => {
      socket.off("connect", watch);
      socket.off(LiveEvent.pairChanged, changed);
    };
  }, [pairId]);
}
