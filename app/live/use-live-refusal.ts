import { useEffect, useState } from "react";
import { liveSocket } from "./socket";

/**
 * "loggedOut" once the server refuses this page's socket.io handshake for want of a session
 * (it disconnects the sockets of an ended session; the one retry then meets `notLoggedIn`),
 * otherwise null. The Yjs documents notice the same through their 4401 close.
 */
export function useLiveRefusal(): "loggedOut" | null {
  const [refusal, setRefusal] = useState<"loggedOut" | null>(null);
  useEffect(() => {
    const socket = liveSocket();
    const onError = (error: Error) => {
      if (error?.message === "notLoggedIn") setRefusal("loggedOut");
    };
    socket.on("connect_error", onError);
    return () => {
      socket.off("connect_error", onError);
    };
  }, []);
  return refusal;
}
