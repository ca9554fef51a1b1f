import { useCallback, useEffect, useRef } from "react";
import { useRevalidator } from "@remix-run/react";
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

/**
 * Reloads the page's loader data, one run at a time. Two live changes in a row (the aios
 * starts the meeting, then picks an item) would otherwise start a second revalidation that
 * aborts the first, and React Router then rejects the first one's promise where no one can
 * catch it (an "AbortError" in the console). A change during a run asks for one more run after it.
 */
export function useQueuedRevalidate(): () => void {
  const revalidator = useRevalidator();
  const again = useRef(false);
  useEffect(() => {
    if (revalidator.state !== "idle" || !again.current) return;
    again.current = false;
    revalidator.revalidate();
  }, [revalidator, revalidator.state]);
  return useCallback(() => {
    if (revalidator.state === "idle") revalidator.revalidate();
    else again.current = true;
  }, [revalidator]);
}
