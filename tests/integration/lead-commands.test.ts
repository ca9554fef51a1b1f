import { afterEach, describe, expect, it } from "vitest";
import { io as connectSocketIo, type Socket } from "socket.io-client";
import { connectClient, eventually, startTestServer, tempDatabase, type TestClient } from "../support/test-server";
import { memberCookie, TEST_USERS, seedMeeting } from "../support/test-access";
import type { KoersServer } from "../../server/koers-server";
import type { Role } from "../../db/schema";
import { findMeeting } from "../../db/meetings";
import { meetingDocName } from "../../app/collab/protocol";
import { LiveEvent, type CommandReply } from "../../app/live/events";
import type { LeadState, Suggestion } from "../../app/live/lead";

// Issue #4: only the aios leads. Lead commands travel over socket.io, are checked against
// the role the server found at join, stored in the meetings table and broadcast to the room.

const servers: KoersServer[] = [];
const sockets: Socket[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close();
});

async function start(databasePath?: string): Promise<KoersServer> {
  const server = await startTestServer(databasePath);
  servers.push(server);
  return server;
}

async function stop(server: KoersServer): Promise<void> {
  for (const s of sockets.splice(0)) s.disconnect();
  servers.splice(servers.indexOf(server), 1);
  await server.close();
}

/** A real socket.io client with a member's session cookie, recording every lead event it receives. */
async function connect(server: KoersServer, role: Role) {
  const socket = connectSocketIo(`http://127.0.0.1:${server.port}`, {
    transports: ["websocket"],
    extraHeaders: { cookie: memberCookie(server, "none", role) },
    reconnection: false,
  });
  sockets.push(socket);
  const states: LeadState[] = [];
  const suggestions: Array<Suggestion | null> = [];
  socket.on(LiveEvent.leadState, (s: LeadState) => states.push(s));
  socket.on(LiveEvent.leadSuggestion, (s: Suggestion | null) => suggestions.push(s));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const send = (event: string, ...args: unknown[]) => socket.timeout(5000).emitWithAck(event, ...args) as Promise<CommandReply>;
  return {
    socket,
    states,
    suggestions,
    send,
    command: (meetingId: string, command: string, extra: Record<string, unknown> = {}) => send(LiveEvent.leadCommand, { meetingId, command, ...extra }),
    join: (meetingId: string) => send(LiveEvent.presenceJoin, { meetingId }),
    lastState: () => states.at(-1),
  };
}

/** Creates the meeting row (gepland) for the test pair. */
function createMeeting(server: KoersServer, meetingId: string): Promise<void> {
  return seedMeeting(server, meetingDocName(meetingId));
}

const row = (server: KoersServer, meetingId: string) => findMeeting(server.services.db, meetingId);
const quietly = () => new Promise((r) => setTimeout(r, 150));

describe("lead commands over socket.io", () => {
  it("refuses the opleider's commands with onlyAios and leaves the meetings row untouched", async () => {
    const server = await start();
    await createMeeting(server, "w1");
    const before = await row(server, "w1");
    const opleider = await connect(server, "opleider");
    expect(await opleider.join("w1")).toEqual({ ok: true });
    const joinedStates = opleider.states.length;

    for (const [command, extra] of [["start", {}], ["setCurrent", { itemId: "item-1" }], ["timerStart", {}], ["timerReset", {}], ["end", {}]] as const) {
      expect(await opleider.command("w1", command, extra)).toEqual({ ok: false, error: "onlyAios" });
    }
    expect(await opleider.send(LiveEvent.leadDismiss, { meetingId: "w1" })).toEqual({ ok: false, error: "onlyAios" });
    expect(await row(server, "w1")).toEqual(before);
    expect(before).toMatchObject({ status: "gepland", started_at: null, current_item_id: null, timer_running_since: null, timer_elapsed_ms: 0 });
    await quietly();
    expect(opleider.states.length).toBe(joinedStates);
  });

  it("applies the aios's start and setCurrent, stores them, and broadcasts lead:state to both sockets", async () => {
    const server = await start();
    await createMeeting(server, "w2");
    const aios = await connect(server, "aios");
    const opleider = await connect(server, "opleider");
    expect(await aios.join("w2")).toEqual({ ok: true });
    expect(await opleider.join("w2")).toEqual({ ok: true });
    await eventually(() => expect(opleider.lastState()).toMatchObject({ meetingId: "w2", status: "gepland", currentItemId: null }));

    const beforeStart = Date.now();
    expect(await aios.command("w2", "start")).toEqual({ ok: true });
    const started = await row(server, "w2");
    expect(started).toMatchObject({ status: "bezig", current_item_id: null, timer_running_since: null });
    expect(Date.parse(started!.started_at!)).toBeGreaterThanOrEqual(beforeStart - 1000);
    for (const member of [aios, opleider]) {
      await eventually(() => expect(member.lastState()).toMatchObject({ status: "bezig", startedAt: started!.started_at, currentItemId: null }));
    }

    expect(await aios.command("w2", "setCurrent", { itemId: "item-1" })).toEqual({ ok: true });
    const current = await row(server, "w2");
    expect(current).toMatchObject({ status: "bezig", current_item_id: "item-1", timer_item_id: "item-1", timer_elapsed_ms: 0 });
    expect(current!.timer_running_since).not.toBeNull();
    const expected: LeadState = {
      meetingId: "w2",
      version: current!.lead_version,
      status: "bezig",
      plannedMinutes: current!.planned_minutes,
      startedAt: current!.started_at,
      endedAt: null,
      currentItemId: "item-1",
      timer: { itemId: "item-1", runningSince: current!.timer_running_since, elapsedMs: 0 },
    };
    for (const member of [aios, opleider]) await eventually(() => expect(member.lastState()).toEqual(expected));

    // Pause: the running time is kept in the row and in the broadcast.
    await new Promise((r) => setTimeout(r, 30));
    expect(await aios.command("w2", "timerPause")).toEqual({ ok: true });
    const paused = await row(server, "w2");
    expect(paused!.timer_running_since).toBeNull();
    expect(paused!.timer_elapsed_ms).toBeGreaterThanOrEqual(30);
    for (const member of [aios, opleider]) {
      await eventually(() => expect(member.lastState()?.timer).toEqual({ itemId: "item-1", runningSince: null, elapsedMs: paused!.timer_elapsed_ms }));
    }
  });

  it("gives a late joiner the current lead state right after presence:join", async () => {
    const server = await start();
    await createMeeting(server, "w3");
    const aios = await connect(server, "aios");
    await aios.join("w3");
    await aios.command("w3", "start");
    await aios.command("w3", "setCurrent", { itemId: "item-7" });

    const late = await connect(server, "opleider");
    expect(late.states).toEqual([]);
    // The state is sent before the join is acknowledged.
    expect(await late.join("w3")).toEqual({ ok: true });
    expect(late.states).toHaveLength(1);
    expect(late.states[0]).toMatchObject({ meetingId: "w3", status: "bezig", currentItemId: "item-7", timer: { itemId: "item-7" } });
    expect(late.states[0]).toEqual(aios.lastState());
  });

  it("keeps the lead state across a server restart on the same database file", async () => {
    const databasePath = tempDatabase();
    const server = await start(databasePath);
    await createMeeting(server, "w4");
    const aios = await connect(server, "aios");
    await aios.join("w4");
    await aios.command("w4", "setCurrent", { itemId: "item-2" });
    await aios.command("w4", "start");
    const before = aios.lastState()!;
    expect(before).toMatchObject({ status: "bezig", currentItemId: "item-2" });
    // An item chosen before the start begins counting with the meeting.
    expect(before.timer.runningSince).toBe(before.startedAt);
    await stop(server);

    const restarted = await start(databasePath);
    const opleider = await connect(restarted, "opleider");
    expect(await opleider.join("w4")).toEqual({ ok: true });
    expect(opleider.states).toEqual([before]);
    // And leading goes on from the stored state.
    const aiosAgain = await connect(restarted, "aios");
    await aiosAgain.join("w4");
    expect(await aiosAgain.command("w4", "start")).toEqual({ ok: false, error: "invalidState" });
    expect(await aiosAgain.command("w4", "timerPause")).toEqual({ ok: true });
  });

  it("delivers the opleider's suggestion to the aios with the server-known name; only the aios dismisses it", async () => {
    const server = await start();
    await createMeeting(server, "w5");
    const aios = await connect(server, "aios");
    const opleider = await connect(server, "opleider");
    await aios.join("w5");
    await opleider.join("w5");

    expect(await opleider.send(LiveEvent.leadSuggest, { meetingId: "w5", itemId: "item-3", fromName: "Forged Name" })).toEqual({ ok: true });
    await eventually(() => expect(aios.suggestions).toEqual([{ itemId: "item-3", fromName: TEST_USERS.opleider.name }]));

    // Suggesting is the opleider's; the aios simply moves on.
    expect(await aios.send(LiveEvent.leadSuggest, { meetingId: "w5", itemId: "item-4" })).toEqual({ ok: false, error: "forbidden" });
    expect(await opleider.send(LiveEvent.leadDismiss, { meetingId: "w5" })).toEqual({ ok: false, error: "onlyAios" });
    await quietly();
    expect(aios.suggestions).toHaveLength(1);

    expect(await aios.send(LiveEvent.leadDismiss, { meetingId: "w5" })).toEqual({ ok: true });
    await eventually(() => expect(aios.suggestions.at(-1)).toBeNull());
    await eventually(() => expect(opleider.suggestions.at(-1)).toBeNull());
    // A suggestion does not change the lead state.
    expect((await row(server, "w5"))!.current_item_id).toBeNull();
  });

  it("refuses commands before joining, and for another meeting than the one joined, with notJoined", async () => {
    const server = await start();
    await createMeeting(server, "w6");
    await createMeeting(server, "w6-other");
    const aios = await connect(server, "aios");
    expect(await aios.command("w6", "start")).toEqual({ ok: false, error: "notJoined" });
    expect(await aios.send(LiveEvent.leadSuggest, { meetingId: "w6", itemId: "x" })).toEqual({ ok: false, error: "notJoined" });
    expect(await aios.send(LiveEvent.leadDismiss, { meetingId: "w6" })).toEqual({ ok: false, error: "notJoined" });
    await aios.join("w6");
    expect(await aios.command("w6-other", "start")).toEqual({ ok: false, error: "notJoined" });
    expect((await row(server, "w6-other"))!.status).toBe("gepland");
    expect((await row(server, "w6"))!.status).toBe("gepland");
    // After leaving, commands are refused again.
    aios.socket.emit(LiveEvent.presenceLeave);
    await quietly();
    expect(await aios.command("w6", "start")).toEqual({ ok: false, error: "notJoined" });
  });

  it("answers malformed payloads with invalidPayload and the socket stays connected and usable", async () => {
    const server = await start();
    await createMeeting(server, "w7");
    const aios = await connect(server, "aios");
    await aios.join("w7");
    const malformed: unknown[] = [
      undefined,
      null,
      42,
      "start",
      [],
      {},
      { meetingId: "w7" },
      { meetingId: "w7", command: "explode" },
      { meetingId: "w7", command: "setCurrent" },
      { meetingId: "w7", command: "setCurrent", itemId: "" },
      { meetingId: "w7", command: "setCurrent", itemId: 5 },
      { meetingId: "w7", command: "setCurrent", itemId: "x".repeat(65) },
      { meetingId: "../w7", command: "start" },
      { meetingId: 7, command: "start" },
    ];
    for (const payload of malformed) {
      expect(await aios.send(LiveEvent.leadCommand, payload), JSON.stringify(payload)).toEqual({ ok: false, error: "invalidPayload" });
    }
    for (const payload of [null, {}, { meetingId: "w7" }, { meetingId: "w7", itemId: "" }]) {
      expect(await aios.send(LiveEvent.leadSuggest, payload)).toEqual({ ok: false, error: "invalidPayload" });
    }
    for (const payload of [null, {}, { meetingId: "" }]) {
      expect(await aios.send(LiveEvent.leadDismiss, payload)).toEqual({ ok: false, error: "invalidPayload" });
    }
    expect(await aios.send(LiveEvent.presenceJoin, { meetingId: "no/slash" })).toEqual({ ok: false, error: "invalidPayload" });
    // Without an ack callback the server must not crash either.
    aios.socket.emit(LiveEvent.leadCommand, { meetingId: "w7", command: "explode" });
    aios.socket.emit(LiveEvent.leadCommand);

    expect(aios.socket.connected).toBe(true);
    expect(await aios.command("w7", "start")).toEqual({ ok: true });
    expect((await row(server, "w7"))!.status).toBe("bezig");
    expect(aios.socket.connected).toBe(true);
  });

  it("end after start sets afgerond and ended_at; commands not allowed afterwards are refused with invalidState", async () => {
    const server = await start();
    await createMeeting(server, "w8");
    const aios = await connect(server, "aios");
    const opleider = await connect(server, "opleider");
    await aios.join("w8");
    await opleider.join("w8");

    // Not yet started: end, timerStart and timerPause make no sense.
    expect(await aios.command("w8", "end")).toEqual({ ok: false, error: "invalidState" });
    expect(await aios.command("w8", "timerStart")).toEqual({ ok: false, error: "invalidState" });
    expect(await aios.command("w8", "timerPause")).toEqual({ ok: false, error: "invalidState" });

    expect(await aios.command("w8", "start")).toEqual({ ok: true });
    expect(await aios.command("w8", "setCurrent", { itemId: "item-1" })).toEqual({ ok: true });
    expect(await aios.command("w8", "start")).toEqual({ ok: false, error: "invalidState" });
    expect(await aios.command("w8", "end")).toEqual({ ok: true });
    const ended = await row(server, "w8");
    expect(ended).toMatchObject({ status: "afgerond", current_item_id: "item-1", timer_running_since: null });
    expect(ended!.ended_at).not.toBeNull();
    expect(Date.parse(ended!.ended_at!)).toBeGreaterThanOrEqual(Date.parse(ended!.started_at!));
    await eventually(() => expect(opleider.lastState()).toMatchObject({ status: "afgerond", endedAt: ended!.ended_at, timer: { runningSince: null } }));

    for (const [command, extra] of [["start", {}], ["end", {}], ["setCurrent", { itemId: "item-2" }], ["timerStart", {}], ["timerPause", {}], ["timerReset", {}]] as const) {
      expect(await aios.command("w8", command, extra), command).toEqual({ ok: false, error: "invalidState" });
    }
    expect(await row(server, "w8")).toEqual(ended);
  });

  it("cannot be forged through the Y.Doc: a currentItemId written into the document does not change the lead state", async () => {
    const server = await start();
    const docName = meetingDocName("w9");
    await createMeeting(server, "w9");
    const aios = await connect(server, "aios");
    await aios.join("w9");
    await aios.command("w9", "start");
    await aios.command("w9", "setCurrent", { itemId: "item-real" });
    const before = await row(server, "w9");

    // The opleider writes lead-looking fields into the shared document.
    const writer = connectClient(server, docName, "opleider");
    const reader = connectClient(server, docName, "aios");
    clients.push(writer, reader);
    await Promise.all([writer.synced, reader.synced]);
    for (const name of ["lead", "meeting", "state"]) {
      const map = writer.doc.getMap(name);
      map.set("currentItemId", "item-forged");
      map.set("current_item_id", "item-forged");
      map.set("status", "afgerond");
      map.set("timer", { itemId: "item-forged", runningSince: null, elapsedMs: 999_999 });
    }
    // The server took the update (the other client sees it) ...
    await eventually(() => expect(reader.doc.getMap("lead").get("currentItemId")).toBe("item-forged"));
    await quietly();
    // ... but the lead state is untouched: in the row, and for anyone who joins now.
    expect(await row(server, "w9")).toEqual(before);
    const late = await connect(server, "opleider");
    await late.join("w9");
    expect(late.states).toEqual([expect.objectContaining({ status: "bezig", currentItemId: "item-real", timer: expect.objectContaining({ itemId: "item-real" }) })]);
    // The next real command is applied to the stored state, not to the document's.
    expect(await aios.command("w9", "timerPause")).toEqual({ ok: true });
    await eventually(() => expect(late.lastState()).toMatchObject({ status: "bezig", currentItemId: "item-real", timer: { itemId: "item-real", runningSince: null } }));
    expect(late.lastState()!.timer.elapsedMs).toBeLessThan(999_999);
  });

  it("applies commands sent back to back in the order they were sent (no lost update)", async () => {
    const server = await start();
    await createMeeting(server, "w10");
    const aios = await connect(server, "aios");
    await aios.join("w10");
    // A quick double click: both commands leave before the first is acknowledged.
    const replies = await Promise.all([aios.command("w10", "start"), aios.command("w10", "setCurrent", { itemId: "item-1" })]);
    expect(replies).toEqual([{ ok: true }, { ok: true }]);
    const stored = await row(server, "w10");
    // As if sent one after the other: started, with the chosen item's timer running.
    expect(stored).toMatchObject({ status: "bezig", current_item_id: "item-1", timer_item_id: "item-1" });
    expect(stored!.timer_running_since).not.toBeNull();
    expect(aios.lastState()).toEqual(expect.objectContaining({ status: "bezig", currentItemId: "item-1" }));
  });

  it("refuses a setCurrent that arrives right behind end (no finished meeting with a running timer)", async () => {
    const server = await start();
    await createMeeting(server, "w11");
    const aios = await connect(server, "aios");
    await aios.join("w11");
    await aios.command("w11", "start");
    // End arrives first: the setCurrent right behind it must be refused, not applied to the finished meeting.
    const replies = await Promise.all([aios.command("w11", "end"), aios.command("w11", "setCurrent", { itemId: "item-1" })]);
    expect(replies).toEqual([{ ok: true }, { ok: false, error: "invalidState" }]);
    const stored = await row(server, "w11");
    expect(stored).toMatchObject({ status: "afgerond", current_item_id: null, timer_running_since: null });
    // The last state the room saw is the stored one.
    await eventually(() => expect(aios.lastState()).toMatchObject({ status: "afgerond", timer: { runningSince: null } }));
  });
});
