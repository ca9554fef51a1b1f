import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import type { Socket as ClientSocket } from "socket.io-client";
import type { KoersServer } from "../../server/koers-server";
import { eventually, withHeaders, startPageServer } from "../support/test-server";
import {
  ask,
  connected,
  getPage,
  liveSocket,
  logInThroughPage,
  postForm,
  rawUpgradeBytes,
  signUpDirectly,
  signUpThroughPage,
  yjsUpgradeStatus,
  type TestPerson,
} from "../support/http-session";
import { CloseCode, YJS_PATH, meetingDocName, privateNotesDocName } from "../../app/collab/protocol";
import { LiveEvent, type CommandReply } from "../../app/live/events";
import { createInvite, acceptInvite, createPair, type NewPairInput } from "../../app/pairs/pairs.server";
import { scheduleMeeting } from "../../app/meetings/meetings.server";
import { sql, sqlRow } from "../support/test-database";

// Issue #3: a member of one pair must not see a meeting of another pair on any channel —
// not through a page, not through the Yjs websocket, not through socket.io — and a
// session that was ended must not open anything any more.

const PAIR_INPUT: NewPairInput = { practiceName: "", trainingYear: 1, startsOn: "2026-09-01", endsOn: "2027-08-31", creatorRole: "aios" };
const Q_TITLE = "Kwartaalgesprek Zonnebloem-7431";
const Q_PRACTICE = "Huisartsenpraktijk Zonnebloem";
const Q_SECRET = "geheime-tekst-van-koppel-Q-9c41";
const A_PRIVATE_SECRET = "prive-aantekening-van-Anouk-5e0d";

let server: KoersServer;
/** X: aios of pair P. A (aios) and B (opleider): pair Q. */
let x: TestPerson, a: TestPerson, b: TestPerson;
let pairP: string, pairQ: string;
let meetingP: string, meetingQ: string;
const cleanups: Array<() => void> = [];

/** Schedules a meeting through the pair page's form, as the given member; returns its id. */
async function scheduleThroughPage(pairId: string, cookie: string, title: string): Promise<string> {
  const res = await postForm(
    server,
    `/pairs/${pairId}`,
    { intent: "schedule", kind: "taakgericht", subkind: "consultbespreking", date: "2026-12-01", time: "14:00", plannedMinutes: "45", title },
    cookie,
  );
  expect(res.status).toBe(302);
  const match = /^\/meetings\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "");
  if (!match) throw new Error(`scheduling redirected to ${res.headers.get("location")}`);
  return match[1]!;
}

/** A y-websocket client of one document as the holder of `cookie`, synced with the server. */
async function openDoc(docName: string, cookie: string): Promise<{ doc: Y.Doc; provider: WebsocketProvider }> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}${YJS_PATH}`, docName, doc, {
    WebSocketPolyfill: withHeaders({ Cookie: cookie }),
    disableBc: true,
  });
  cleanups.push(() => {
    provider.destroy();
    doc.destroy();
  });
  await new Promise<void>((resolve) => provider.once("sync", (synced: boolean) => synced && resolve()));
  return { doc, provider };
}

/** Opens the document as `cookie`, writes `text` into it, and waits until a fresh client reads it back from the server. */
async function putText(docName: string, cookie: string, text: string): Promise<void> {
  const writer = await openDoc(docName, cookie);
  writer.doc.getText("probe").insert(0, text);
  const reader = await openDoc(docName, cookie);
  await eventually(() => expect(reader.doc.getText("probe").toString()).toContain(text));
}

function socketFor(cookie?: string): ClientSocket {
  const socket = liveSocket(server, cookie);
  cleanups.push(() => socket.disconnect());
  return socket;
}

beforeAll(async () => {
  server = await startPageServer();
  const { db } = server.services;
  // Two people sign up through the real page, one through the app's functions.
  x = await signUpThroughPage(server, "Xandra");
  a = await signUpThroughPage(server, "Anouk");
  b = await signUpDirectly(server, "Bram");
  pairP = await createPair({ db }, x.id, { ...PAIR_INPUT, practiceName: "Praktijk De Linde" });
  pairQ = await createPair({ db }, a.id, { ...PAIR_INPUT, practiceName: Q_PRACTICE });
  await acceptInvite({ db }, await createInvite({ db }, pairQ, a.id), b.id);
  meetingP = await scheduleThroughPage(pairP, x.cookie, "Gesprek van koppel P");
  meetingQ = await scheduleThroughPage(pairQ, a.cookie, Q_TITLE);
});

afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await server?.close();
});

describe("a meeting page of another pair", () => {
  it("is refused with 403 to a member of another pair, and shows nothing of the meeting", async () => {
    const res = await getPage(server, `/meetings/${meetingQ}`, x.cookie);
    expect(res.status).toBe(403);
    const body = await res.text();
    expect(body).not.toContain(Q_TITLE);
    expect(body).not.toContain(Q_PRACTICE);
  });

  it("is shown to the pair's own members, with its title", async () => {
    for (const member of [a, b]) {
      const res = await getPage(server, `/meetings/${meetingQ}`, member.cookie);
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).toContain(Q_TITLE);
      expect(body).toContain(Q_PRACTICE);
    }
  });

  it("answers 404 for a meeting that does not exist", async () => {
    const res = await getPage(server, "/meetings/00000000-0000-4000-8000-0000000000ff", x.cookie);
    expect(res.status).toBe(404);
  });

  it("sends someone without a session to the login page, coming back here afterwards", async () => {
    const res = await getPage(server, `/meetings/${meetingQ}`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/login?next=${encodeURIComponent(`/meetings/${meetingQ}`)}`);
    expect(await res.text()).not.toContain(Q_TITLE);
  });

  it("refuses the other pair's page itself (403), and its schedule form", async () => {
    expect((await getPage(server, `/pairs/${pairQ}`, x.cookie)).status).toBe(403);
    const post = await postForm(
      server,
      `/pairs/${pairQ}`,
      { intent: "schedule", kind: "voortgang", date: "2026-12-02", time: "10:00", plannedMinutes: "30", title: "ingebroken" },
      x.cookie,
    );
    expect(post.status).toBe(403);
    const count = (await sqlRow(server.services.db, sql`select count(*) as n from meetings where pair_id = ${pairQ}`)) as { n: number };
    expect(count.n).toBe(1);
  });
});

describe("the Yjs document of another pair's meeting", () => {
  it("refuses the upgrade with 403 before it completes, and not one byte of the document reaches the outsider", async () => {
    const docName = meetingDocName(meetingQ);
    await putText(docName, a.cookie, Q_SECRET);

    // A standard websocket client: the upgrade fails with 403 and no message ever arrives.
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${YJS_PATH}/${docName}`, { headers: { Cookie: x.cookie } });
    let messageBytes = 0;
    ws.on("message", (data: Buffer) => (messageBytes += data.byteLength));
    const status = await new Promise<number>((resolve) => {
      ws.once("unexpected-response", (_req, res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      ws.once("open", () => resolve(101));
      ws.once("error", () => resolve(-1));
    });
    expect(status).toBe(403);
    expect(messageBytes).toBe(0);

    // Everything the server sends on the raw TCP connection is the refusal, then it closes.
    const raw = (await rawUpgradeBytes(server, docName, x.cookie)).toString("latin1");
    expect(raw.startsWith("HTTP/1.1 403 ")).toBe(true);
    const [head, rest] = raw.split("\r\n\r\n");
    expect(head).toMatch(/Content-Length: 0/i);
    expect(rest).toBe("");
    expect(raw).not.toContain(Q_SECRET);

    // The same document opens for the other member of Q, with the text in it.
    const other = await openDoc(docName, b.cookie);
    expect(other.doc.getText("probe").toString()).toContain(Q_SECRET);
  });

  it("keeps a private notes document to its author: 403 for another pair's member and for the partner", async () => {
    const privateOfA = privateNotesDocName(meetingQ, a.id);
    await putText(privateOfA, a.cookie, A_PRIVATE_SECRET);

    expect(await yjsUpgradeStatus(server, privateOfA, x.cookie)).toBe(403);
    expect(await yjsUpgradeStatus(server, privateOfA, b.cookie)).toBe(403);
    for (const outsider of [x, b]) {
      const raw = (await rawUpgradeBytes(server, privateOfA, outsider.cookie)).toString("latin1");
      expect(raw.startsWith("HTTP/1.1 403 ")).toBe(true);
      expect(raw).not.toContain(A_PRIVATE_SECRET);
    }
    // Naming oneself as the owner of a private doc of another pair's meeting does not help either.
    expect(await yjsUpgradeStatus(server, privateNotesDocName(meetingQ, x.id), x.cookie)).toBe(403);

    // The author opens it; each member opens their own.
    expect(await yjsUpgradeStatus(server, privateOfA, a.cookie)).toBe(101);
    expect(await yjsUpgradeStatus(server, privateNotesDocName(meetingQ, b.id), b.cookie)).toBe(101);
    const own = await openDoc(privateOfA, a.cookie);
    expect(own.doc.getText("probe").toString()).toContain(A_PRIVATE_SECRET);
  });

  it("refuses without a session (401) and for a meeting that does not exist (404)", async () => {
    expect(await yjsUpgradeStatus(server, meetingDocName(meetingQ))).toBe(401);
    expect(await yjsUpgradeStatus(server, meetingDocName(meetingQ), "koers_session=forged.value")).toBe(401);
    expect(await yjsUpgradeStatus(server, meetingDocName("no-such-meeting"), x.cookie)).toBe(404);
    // The outsider's own pair's meeting opens: the refusals above are about the pair, not a broken session.
    expect(await yjsUpgradeStatus(server, meetingDocName(meetingP), x.cookie)).toBe(101);
  });
});

describe("socket.io events of another pair's meeting", () => {
  it("refuses to join the room, and the outsider hears nothing of it", async () => {
    // A meeting of its own for this test, scheduled through the app's function.
    const meeting = await scheduleMeeting(server.services, pairQ, a.id, {
      kind: "voortgang",
      subkind: null,
      title: "Voortgangsgesprek Q",
      date: "2026-12-08",
      time: "09:30",
      plannedMinutes: 30,
    });
    const outsider = socketFor(x.cookie);
    expect(await connected(outsider)).toBe("connected");
    const overheard: string[] = [];
    outsider.onAny((event: string) => overheard.push(event));

    expect(await ask<CommandReply>(outsider, LiveEvent.presenceJoin, { meetingId: meeting.id })).toEqual({ ok: false, error: "forbidden" });
    expect(await ask<CommandReply>(outsider, LiveEvent.presenceJoin, { meetingId: "no-such-meeting" })).toEqual({ ok: false, error: "notFound" });
    expect(await ask<CommandReply>(outsider, LiveEvent.pairWatch, { pairId: pairQ })).toEqual({ ok: false, error: "forbidden" });
    // A lead command for a meeting it could not join changes nothing.
    expect(await ask<CommandReply>(outsider, LiveEvent.leadCommand, { meetingId: meeting.id, command: "start" })).toEqual({ ok: false, error: "notJoined" });
    const status = async () => ((await sqlRow(server.services.db, sql`select status from meetings where id = ${meeting.id}`)) as { status: string }).status;
    expect(await status()).toBe("gepland");

    // Joined to its own pair's meeting, it still cannot command Q's.
    expect(await ask<CommandReply>(outsider, LiveEvent.presenceJoin, { meetingId: meetingP })).toEqual({ ok: true });
    expect(await ask<CommandReply>(outsider, LiveEvent.leadCommand, { meetingId: meeting.id, command: "start" })).toEqual({ ok: false, error: "notJoined" });
    expect(await status()).toBe("gepland");
    const ownEvents = overheard.length; // its own meeting's presence list and lead state

    // Q's members join and the aios starts the meeting: presence and lead state go round Q's room.
    const memberA = socketFor(a.cookie);
    const memberB = socketFor(b.cookie);
    const heardByB: Array<{ event: string; payload: unknown }> = [];
    memberB.onAny((event: string, payload: unknown) => heardByB.push({ event, payload }));
    expect(await ask<CommandReply>(memberA, LiveEvent.presenceJoin, { meetingId: meeting.id })).toEqual({ ok: true });
    expect(await ask<CommandReply>(memberB, LiveEvent.presenceJoin, { meetingId: meeting.id })).toEqual({ ok: true });
    expect(await ask<CommandReply>(memberA, LiveEvent.leadCommand, { meetingId: meeting.id, command: "start" })).toEqual({ ok: true });
    await eventually(() =>
      expect(heardByB).toContainEqual({ event: LiveEvent.leadState, payload: expect.objectContaining({ meetingId: meeting.id, status: "bezig" }) }),
    );
    expect(heardByB.some((e) => e.event === LiveEvent.presenceList)).toBe(true);
    // Give any stray broadcast time to arrive at the outsider.
    await new Promise((r) => setTimeout(r, 200));
    expect(overheard.slice(ownEvents)).toEqual([]);
    expect(overheard.every((e) => e === LiveEvent.presenceList || e === LiveEvent.leadState)).toBe(true);
  });

  it("refuses a connection without a session", async () => {
    expect(await connected(socketFor())).toBe("notLoggedIn");
    expect(await connected(socketFor("koers_session=forged.value"))).toBe("notLoggedIn");
  });
});

describe("an ended session", () => {
  it("no longer opens a document after 'log out everywhere else' or logging out", async () => {
    const yara = await signUpThroughPage(server, "Yara");
    const pair = await createPair(server.services, yara.id, { ...PAIR_INPUT, practiceName: "Praktijk Yara" });
    const meeting = await scheduleMeeting(server.services, pair, yara.id, {
      kind: "persoonsgericht",
      subkind: null,
      title: null,
      date: "2026-12-10",
      time: "11:00",
      plannedMinutes: 45,
    });
    const docName = meetingDocName(meeting.id);
    const laptop = yara.cookie; // from signing up
    const phone = await logInThroughPage(server, yara); // a second session
    expect(await yjsUpgradeStatus(server, docName, laptop)).toBe(101);
    expect(await yjsUpgradeStatus(server, docName, phone)).toBe(101);

    // The laptop is connected when the phone logs out everywhere else.
    const open = new WebSocket(`ws://127.0.0.1:${server.port}${YJS_PATH}/${docName}`, { headers: { Cookie: laptop } });
    cleanups.push(() => open.terminate());
    await new Promise((resolve, reject) => {
      open.once("open", resolve);
      open.once("error", reject);
    });
    const closedWith = new Promise<number>((resolve) => open.once("close", (code) => resolve(code)));
    const laptopSocket = socketFor(laptop);
    expect(await connected(laptopSocket)).toBe("connected");
    const laptopSocketGone = new Promise<void>((resolve) => laptopSocket.once("disconnect", () => resolve()));

    // The phone (the session that asks) is connected too, and must stay connected.
    const phoneOpen = new WebSocket(`ws://127.0.0.1:${server.port}${YJS_PATH}/${docName}`, { headers: { Cookie: phone } });
    cleanups.push(() => phoneOpen.terminate());
    await new Promise((resolve, reject) => {
      phoneOpen.once("open", resolve);
      phoneOpen.once("error", reject);
    });
    const phoneClosedWith = new Promise<number>((resolve) => phoneOpen.once("close", (code) => resolve(code)));

    const res = await postForm(server, "/account", { intent: "logOutElsewhere" }, phone);
    expect(res.status).toBe(200);
    expect(await closedWith).toBe(CloseCode.sessionEnded);
    await laptopSocketGone;

    expect(await yjsUpgradeStatus(server, docName, laptop)).toBe(401);
    expect(await connected(socketFor(laptop))).toBe("notLoggedIn");
    expect((await getPage(server, `/meetings/${meeting.id}`, laptop)).status).toBe(302);
    // The session that asked stays valid.
    expect(await yjsUpgradeStatus(server, docName, phone)).toBe(101);

    expect(phoneOpen.readyState).toBe(WebSocket.OPEN);

    // Logging out (POST /logout) ends the phone's session too, and closes its open connection.
    const logout = await postForm(server, "/logout", {}, phone);
    expect(logout.status).toBe(302);
    expect(await phoneClosedWith).toBe(CloseCode.sessionEnded);
    expect(logout.headers.get("location")).toBe("/login");
    expect(await yjsUpgradeStatus(server, docName, phone)).toBe(401);
    expect(await connected(socketFor(phone))).toBe("notLoggedIn");
  });
});
