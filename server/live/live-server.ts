import type { Server as HttpServer } from "node:http";
import { Server, type ServerOptions, type Socket } from "socket.io";
import { LiveEvent, meetingRoom, pairRoom, pairWatchSchema, presenceJoinSchema, presenceLeaveSchema, type PresenceEntry } from "../../app/live/events";
import { identityOf, type Identity } from "../../app/live/identity";
import { meetingAccess, pairAccess } from "../../app/auth/access.server";
import { recordMeetingOpen } from "../../app/audit/audit.server";
import type { SessionUser } from "../../app/auth/accounts.server";
import type { AppServices } from "../../app/services.server";
import { leadStateOf } from "../../app/live/lead";
import { handleLeadCommands, sequential } from "./lead-commands";
import { DEFAULT_EVENT_BUDGET, limitEvents, type EventBudget } from "./event-budget";
import { SuggestionDeduper, type SuggestionWindow } from "../../app/meetings/lead-suggestions";
import { liveNotifier } from "./notifier";
import { answerOf, onCommand } from "./on-command";
import { logger } from "../logger";
import { isSameOrigin } from "../request-guards";

export interface LiveSocketData {
  /** Set by the handshake check: every connected socket has a logged-in user. */
  user: SessionUser;
  /** Which session the handshake carried, so ending that session disconnects this socket. */
  sessionKey: string;
  /** The meeting this socket joined, with the role the server found for the user. */
  meeting?: { meetingId: string; pairId: string; identity: Identity };
}

export type LiveServer = Server<any, any, any, LiveSocketData>;
export type LiveSocket = Socket<any, any, any, LiveSocketData>;

export interface LiveServerDeps {
  db: AppServices["db"];
  /** The logged-in user behind a Cookie header (the same check as every page load). */
  sessionFrom: (cookieHeader: string | undefined) => Promise<{ user: SessionUser; sessionKey: string } | null>;
  /** Called after the aios ended a meeting and the end was stored (the history snapshot). */
  onMeetingEnded?: (meetingId: string, userId: string) => void;
  /** Events per socket before they are refused (tests that script bursts raise it). */
  eventBudget?: EventBudget;
  /**
   * Several instances (issue #16): the socket.io adapter that carries room events between them
   * (@socket.io/redis-adapter), and the repeated-suggestion window they share. Absent: one
   * process, rooms in memory.
   */
  cluster?: { adapter: ServerOptions["adapter"]; suggestions: SuggestionWindow };
}

/** Open socket.io connections one session may hold: a page per tab, and nobody has 20 tabs of Koers open. */
export const MAX_SOCKETS_PER_SESSION = 20;

/**
 * How often the server pings each socket.io connection, and how long it waits for the pong:
 * a browser whose network went away is dropped (and leaves the presence list) within
 * 6 s, and a browser notices a dead line within the same 6 s (socket.io's client waits
 * interval + timeout for the next ping). socket.io's defaults (25 s + 20 s) kept a gone
 * user present for 45 s (issue #12.6). A ping is a one-byte frame: cheap for idle sockets.
 */
export const LIVE_PING_INTERVAL_MS = 3000;
export const LIVE_PING_TIMEOUT_MS = 3000;

/** socket.io on the shared http server: presence on meeting pages and the aios's lead commands. */
export function createLiveServer(httpServer: HttpServer, { db, sessionFrom, onMeetingEnded, eventBudget = DEFAULT_EVENT_BUDGET, cluster }: LiveServerDeps): LiveServer {
  const io: LiveServer = new Server(httpServer, {
    // Leave websocket upgrades on other paths to the upgrade router instead of destroying them.
    destroyUpgrade: false,
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    pingInterval: LIVE_PING_INTERVAL_MS,
    pingTimeout: LIVE_PING_TIMEOUT_MS,
    // Live traffic is small and latency-bound: never compressed (issue #12.13 compresses pages only).
    perMessageDeflate: false,
    httpCompression: false,
    // Handshakes (polling and websocket) from another site's page are refused.
    allowRequest: (req, callback) => callback(null, isSameOrigin(req)),
    ...(cluster ? { adapter: cluster.adapter } : {}),
  });

  const live = liveNotifier(io);
  const suggestions = cluster?.suggestions ?? new SuggestionDeduper();
  const broadcastPresence = cluster ? clusterPresence(io) : localPresence;
  const socketsPerSession = new Map<string, number>();

  // Who is asking: the session cookie of the handshake. No session, no socket.
  io.use((socket, next) => {
    sessionFrom(socket.request.headers.cookie).then(
      (session) => {
        if (!session) return next(new Error("notLoggedIn"));
        if ((socketsPerSession.get(session.sessionKey) ?? 0) >= MAX_SOCKETS_PER_SESSION) {
          logger.warn(`socket.io: refused a connection of user ${session.user.id}: ${MAX_SOCKETS_PER_SESSION} already open in this session`);
          return next(new Error("tooManyConnections"));
        }
        socket.data.user = session.user;
        socket.data.sessionKey = session.sessionKey;
        next();
      },
      (error: unknown) => {
        logger.error("socket.io handshake check failed", error);
        next(new Error("notLoggedIn"));
      },
    );
  });

  io.on("connection", (socket: LiveSocket) => {
    const sessionKey = socket.data.sessionKey;
    socketsPerSession.set(sessionKey, (socketsPerSession.get(sessionKey) ?? 0) + 1);
    // Before any handler: a budget of events per socket (event-budget.ts).
    limitEvents(socket, eventBudget);

    // Every event a browser may send is a command: zod-checked, always answered (on-command.ts).
    // A socket's joins and leaves run one at a time, in order: each reads what the one before
    // it left (two joins at once, waiting on the database together, would both be "first").
    const presenceInOrder = sequential();
    onCommand(socket, LiveEvent.presenceJoin, presenceJoinSchema, ({ meetingId }, answer) => presenceInOrder(async () => {
      if (socket.disconnected) return; // queued behind others when the socket went: nobody to join
      // Every room join is checked against the pair, as every page load is.
      const access = await meetingAccess(db, socket.data.user.id, meetingId);
      if (socket.disconnected) return;
      if (!access.ok) return answer({ ok: false, error: access.status === 404 ? "notFound" : "forbidden" });
      void recordMeetingOpen(db, access.meeting.id, socket.data.user.id, "live");
      const previous = socket.data.meeting;
      if (previous?.meetingId === access.meeting.id && socket.rooms.has(meetingRoom(access.meeting.id))) {
        // Joined already (a reconnecting page asks again): the state for this socket, no new presence round.
        socket.emit(LiveEvent.leadState, leadStateOf(access.meeting));
        return answer({ ok: true });
      }
      if (previous && previous.meetingId !== meetingId) {
        await socket.leave(meetingRoom(previous.meetingId));
        broadcastPresence(io, previous.meetingId);
      }
      socket.data.meeting = {
        meetingId: access.meeting.id,
        pairId: access.meeting.pair_id,
        identity: identityOf(socket.data.user, access.role),
      };
      await socket.join(meetingRoom(access.meeting.id));
      broadcastPresence(io, access.meeting.id);
      // A late joiner or a reconnecting page gets the current lead state at once.
      socket.emit(LiveEvent.leadState, leadStateOf(access.meeting));
      answer({ ok: true });
    }));

    onCommand(socket, LiveEvent.presenceLeave, presenceLeaveSchema, (payload, answer) => presenceInOrder(async () => {
      const meeting = socket.data.meeting;
      if (!meeting || (payload && payload.meetingId !== meeting.meetingId)) return answer({ ok: false, error: "notJoined" });
      socket.data.meeting = undefined;
      await socket.leave(meetingRoom(meeting.meetingId));
      broadcastPresence(io, meeting.meetingId);
      answer({ ok: true });
    }));

    handleLeadCommands(io, socket, db, suggestions, (pairId) => live.pairChanged(pairId), onMeetingEnded);

    onCommand(socket, LiveEvent.pairWatch, pairWatchSchema, async ({ pairId }, answer) => {
      const access = await pairAccess(db, socket.data.user.id, pairId);
      if (!access.ok) return answer({ ok: false, error: access.status === 404 ? "notFound" : "forbidden" });
      await socket.join(pairRoom(access.pair.id));
      answer({ ok: true });
    });

    // Anything else a client emits (server → browser events, made-up names, "error") gets a refusal.
    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (event === "error" || socket.listenerCount(String(event)) === 0) answerOf(args)({ ok: false, error: "unknownEvent" });
    });

    socket.on("disconnect", () => {
      const open = (socketsPerSession.get(sessionKey) ?? 1) - 1;
      if (open > 0) socketsPerSession.set(sessionKey, open);
      else socketsPerSession.delete(sessionKey);
      const meeting = socket.data.meeting;
      if (meeting) broadcastPresence(io, meeting.meetingId);
    });
    // socket.io reports its own errors here, but a client can emit an "error" event too: never trust its shape.
    socket.on("error", (error: unknown) => logger.warn("socket.io error", error instanceof Error ? error.message : "an error event sent by the client"));
  });
  return io;
}

/** Sends the current list of people on a meeting page to everyone on it (one process: its own sockets are everyone). */
function localPresence(io: LiveServer, meetingId: string): void {
  const ids = io.sockets.adapter.rooms.get(meetingRoom(meetingId)) ?? new Set<string>();
  const list: PresenceEntry[] = [];
  for (const id of ids) {
    const meeting = io.sockets.sockets.get(id)?.data.meeting;
    if (meeting?.meetingId === meetingId) {
      const { userId, name, role, color } = meeting.identity;
      list.push({ socketId: id, userId, name, role, color });
    }
  }
  io.to(meetingRoom(meetingId)).emit(LiveEvent.presenceList, list);
}

/** How long after a presence change the list is sent once more: another instance's list may have crossed this one. */
const PRESENCE_SETTLE_MS = 1000;

/**
 * Presence across instances: the list is made from every instance's sockets in the room
 * (fetchSockets asks them all through the adapter). One list is made at a time per meeting,
 * and one more a moment after the last change, so that the list every page ends with is the
 * same on every instance even when two instances' lists crossed.
 */
function clusterPresence(io: LiveServer): (io: LiveServer, meetingId: string) => void {
  const state = new Map<string, { running: boolean; again: boolean; settle: NodeJS.Timeout | null }>();
  const send = async (meetingId: string) => {
    const sockets = await io.in(meetingRoom(meetingId)).fetchSockets();
    const list: PresenceEntry[] = [];
    for (const socket of sockets) {
      const meeting = (socket.data as Partial<LiveSocketData>).meeting;
      if (meeting?.meetingId === meetingId) {
        const { userId, name, role, color } = meeting.identity;
        list.push({ socketId: socket.id, userId, name, role, color });
      }
    }
    io.to(meetingRoom(meetingId)).emit(LiveEvent.presenceList, list);
  };
  const run = async (meetingId: string, entry: { running: boolean; again: boolean; settle: NodeJS.Timeout | null }) => {
    entry.running = true;
    do {
      entry.again = false;
      try {
        await send(meetingId);
      } catch (error) {
        logger.warn(`the presence list of ${meetingId} could not be made from every instance`, error instanceof Error ? error.message : error);
      }
    } while (entry.again);
    entry.running = false;
  };
  return (_io, meetingId) => {
    let entry = state.get(meetingId);
    if (!entry) state.set(meetingId, (entry = { running: false, again: false, settle: null }));
    const current = entry;
    if (current.running) current.again = true;
    else void run(meetingId, current);
    if (current.settle) clearTimeout(current.settle);
    current.settle = setTimeout(() => {
      current.settle = null;
      if (current.running) current.again = true;
      else void run(meetingId, current).then(() => {
        if (!current.running && !current.settle) state.delete(meetingId);
      });
    }, PRESENCE_SETTLE_MS);
    current.settle.unref();
  };
}
