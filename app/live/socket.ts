import { io, type Socket } from "socket.io-client";

let shared: Socket | null = null;

/**
 * The page's one socket.io connection (presence, lead commands, live refreshes share it).
 * The session cookie goes with the handshake; reconnects back off with jitter.
 */
export function liveSocket(): Socket {
  if (!shared) {
    const socket = io({ transports: ["websocket"], reconnectionDelayMax: 10_000, randomizationFactor: 0.5 });
    // socket.io does not retry after the server disconnected it (a session of this user ended,
    // or a restart). Try once more: a valid session comes straight back, an ended one is refused.
    socket.on("disconnect", (reason) => {
      if (reason === "io server disconnect") setTimeout(() => socket.connect(), 500 + Math.random() * 1500);
    });
    if (typeof window !== "undefined") {
      // The browser knows first when the network went: drop the connection now rather than
      // after the missed pings (engine.io does this itself only off "localhost"); the
      // manager's reconnects start at once. Back online, reconnect without the backoff.
      window.addEventListener("offline", () => socket.io.engine?.close());
      window.addEventListener("online", () => {
        if (!socket.connected) {
          socket.disconnect();
          socket.connect();
        }
      });
    }
    shared = socket;
  }
  return shared;
}
