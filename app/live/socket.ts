import { io, type Socket } from "socket.io-client";

let shared: Socket | null = null;

/**
 * The page's one socket.io connection (presence, lead commands, live refreshes share it).
 * The session cookie goes with the handshake; reconnects back off with jitter.
 */
export function liveSocket(): Socket {
  shared ??= io({ transports: ["websocket"], reconnectionDelayMax: 10_000, randomizationFactor: 0.5 });
  return shared;
}
