import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { LiveEvent, meetingRoom, presenceJoinSchema, type CommandReply, type PresenceEntry } from "../../app/live/events";
import { logger } from "../logger";
import { isSameOrigin } from "../request-guards";

interface SocketData {
  presence?: { meetingId: string; name: string; color: string };
}

/** socket.io on the shared http server: presence on meeting pages (and, later, the aios's commands). */
export function createLiveServer(httpServer: HttpServer): Server {
  const io = new Server<any, any, any, SocketData>(httpServer, {
    // Leave websocket upgrades on other paths to the upgrade router instead of destroying them.
    destroyUpgrade: false,
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    // Handshakes (polling and websocket) from another site's page are refused.
    allowRequest: (req, callback) => callback(null, isSameOrigin(req)),
  });

  io.on("connection", (socket: Socket<any, any, any, SocketData>) => {
    socket.on(LiveEvent.presenceJoin, (payload: unknown, reply?: (r: CommandReply) => void) => {
      const parsed = presenceJoinSchema.safeParse(payload);
      if (!parsed.success) {
        reply?.({ ok: false, error: "invalid presence payload" });
        return;
      }
      const previous = socket.data.presence;
      if (previous && previous.meetingId !== parsed.data.meetingId) {
        socket.leave(meetingRoom(previous.meetingId));
        broadcastPresence(io, previous.meetingId);
      }
      socket.data.presence = parsed.data;
      socket.join(meetingRoom(parsed.data.meetingId));
      broadcastPresence(io, parsed.data.meetingId);
      reply?.({ ok: true });
    });

    socket.on("disconnect", () => {
      const presence = socket.data.presence;
      if (presence) broadcastPresence(io, presence.meetingId);
    });
    socket.on("error", (error) => logger.warn("socket.io error", error.message));
  });
  return io;
}

/** Sends the current list of people on a meeting page to everyone on it. */
function broadcastPresence(io: Server<any, any, any, SocketData>, meetingId: string): void {
  const ids = io.sockets.adapter.rooms.get(meetingRoom(meetingId)) ?? new Set<string>();
  const list: PresenceEntry[] = [];
  for (const id of ids) {
    const presence = io.sockets.sockets.get(id)?.data.presence;
    if (presence?.meetingId === meetingId) list.push({ socketId: id, name: presence.name, color: presence.color });
  }
  io.to(meetingRoom(meetingId)).emit(LiveEvent.presenceList, list);
}
