import { afterEach, describe, expect, it } from "vitest";
import { io as connectSocketIo, type Socket } from "socket.io-client";
import { SCRIPTED_EVENT_BUDGET, startTestServer } from "../support/test-server";
import { memberCookie, seedMeeting } from "../support/test-access";
import type { KoersServer } from "../../server/koers-server";
import type { Role } from "../../db/schema";
import { meetingDocName } from "../../app/collab/protocol";
import { LiveEvent, type CommandReply } from "../../app/live/events";

// Issue #8: whatever a logged-in browser emits over socket.io, every event is answered with a
// refusal it can show, and neither its socket nor the server goes down.

const servers: KoersServer[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  for (const s of servers.splice(0)) await s.close();
});

const MEETING = "payloads";

async function connect(server: KoersServer, role: Role = "aios"): Promise<Socket> {
  await seedMeeting(server, meetingDocName(MEETING));
  const socket = connectSocketIo(`http://127.0.0.1:${server.port}`, {
    transports: ["websocket"],
    extraHeaders: { cookie: memberCookie(server, meetingDocName(MEETING), role) },
    reconnection: false,
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => (socket.once("connect", () => resolve()), socket.once("connect_error", reject)));
  return socket;
}
const ask = (socket: Socket, event: string, ...args: unknown[]) => socket.timeout(3000).emitWithAck(event, ...args) as Promise<CommandReply>;

/** Nothing here is a valid payload for any event: no valid meeting id, pair id or command. */
function garbagePayloads(): Array<[label: string, args: unknown[]]> {
  const huge = "x".repeat(60_000); // within socket.io's 64 KB buffer once framed
  let deep: unknown = "bottom";
  for (let i = 0; i < 1000; i++) deep = [deep];
  return [
    ["no payload", []],
    ["null", [null]],
    ["zero", [0]],
    ["a number", [42.5]],
    ["a negative number", [-1]],
    ["true", [true]],
    ["an empty string", [""]],
    ["a huge string", [huge]],
    ["an array", [[1, "two", { three: 3 }]]],
    ["an empty object", [{}]],
    ["a numeric meeting id", [{ meetingId: 123 }]],
    ["a huge meeting id", [{ meetingId: huge }]],
    ["a path as meeting id", [{ meetingId: "../../etc/passwd" }]],
    ["an object as meeting id", [{ meetingId: { $ne: null } }]],
    ["an unknown command", [{ meetingId: "bad id!", command: "explode" }]],
    ["a wrong item id", [{ meetingId: "", command: "setCurrent", itemId: { x: 1 } }]],
    ["a non-uuid pair id", [{ pairId: "not-a-uuid" }]],
    ["a huge pair id", [{ pairId: huge }]],
    ["an own __proto__ key", [JSON.parse('{"__proto__":{"ok":true,"meetingId":"x"}}')]],
    ["deep nesting", [deep]],
    ["binary", [Buffer.from([0, 1, 2, 255])]],
    ["several arguments", [{ meetingId: "!" }, "second", 3]],
  ];
}

describe("garbage on every socket.io event", () => {
  it("is answered with ok:false, and the socket and the server survive", async () => {
    // ~1,300 events from one socket: a script, not a person, so the event budget is raised here (its own test is below).
    const server = await startTestServer(undefined, 0, { liveEventBudget: SCRIPTED_EVENT_BUDGET });
    servers.push(server);
    const socket = await connect(server, "aios");
    const events = [...Object.values(LiveEvent), "error", "made-up", "toString", "__proto__"];
    const payloads = garbagePayloads();

    for (const joined of [false, true]) {
      if (joined) expect(await ask(socket, LiveEvent.presenceJoin, { meetingId: MEETING })).toEqual({ ok: true });
      for (const event of events) {
        for (const [label, args] of payloads) {
          if (event === LiveEvent.presenceLeave && args.length === 0) continue; // a valid leave
          const reply = await ask(socket, event, ...args).catch((error: unknown) => ({ thrown: String(error) }));
          expect(reply, `${event} with ${label}${joined ? " (joined)" : ""}`).toMatchObject({ ok: false });
        }
        // And without asking for an answer: nothing to reply to, nothing may break.
        for (const [, args] of payloads) socket.emit(event, ...args);
      }
    }

    expect(socket.connected).toBe(true);
    // The same socket still works for real commands.
    expect(await ask(socket, LiveEvent.presenceJoin, { meetingId: MEETING })).toEqual({ ok: true });
    expect(await ask(socket, LiveEvent.leadCommand, { meetingId: MEETING, command: "start" })).toEqual({ ok: true });
    const other = await connect(server, "opleider");
    expect(await ask(other, LiveEvent.presenceJoin, { meetingId: MEETING })).toEqual({ ok: true });
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
  });

  it("a payload over the 64 KB buffer disconnects only that socket", async () => {
    const server = await startTestServer();
    servers.push(server);
    const flooder = await connect(server, "aios");
    const bystander = await connect(server, "opleider");
    const disconnected = new Promise<string>((resolve) => flooder.once("disconnect", (reason) => resolve(reason)));
    flooder.emit(LiveEvent.presenceJoin, { meetingId: "x".repeat(70_000) });
    expect(await disconnected).toBe("transport close");
    expect(await ask(bystander, LiveEvent.presenceJoin, { meetingId: MEETING })).toEqual({ ok: true });
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
  });
});
