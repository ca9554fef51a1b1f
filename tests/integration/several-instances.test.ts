import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { io as connectSocketIo, type Socket } from "socket.io-client";
import { decode } from "turbo-stream";
import { CloseCode, meetingDocName } from "../../app/collab/protocol";
import { LiveEvent, type CommandReply, type PresenceEntry } from "../../app/live/events";
import type { LeadState } from "../../app/live/lead";
import { startCluster, type Cluster } from "../support/cluster";
import { logIn, pairThroughPages, type ClusterPair } from "../support/cluster-people";
import { connectYjsClient, type YjsClient } from "../support/crash-round";
import type { ServerProcess } from "../support/server-process";
import { eventually } from "../support/test-server";

// Issue #16: two production instances on one database and one Redis, each person on another
// instance, as a load balancer would spread them. Everything live must behave as on one
// instance: text, the lead, read-only after confirmation, ending a session, presence.

let cluster: Cluster;
let pair: ClusterPair;
let one: ServerProcess;
let two: ServerProcess;
const sockets: Socket[] = [];
const yjsClients: YjsClient[] = [];

beforeAll(async () => {
  cluster = await startCluster();
  [one, two] = cluster.instances as [ServerProcess, ServerProcess];
  pair = await pairThroughPages(one.url);
}, 60_000);

afterAll(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  for (const c of yjsClients.splice(0)) c.destroy();
  await cluster?.stop();
});

/** A y-websocket client of a meeting on one instance, as `cookie`'s holder. */
function yjs(instance: ServerProcess, meetingId: string, cookie: string): YjsClient & { doc: Y.Doc } {
  const doc = new Y.Doc();
  const client = connectYjsClient(instance.port, meetingDocName(meetingId), doc, { headers: { Cookie: cookie } });
  yjsClients.push(client);
  return Object.assign(client, { doc });
}

/** A socket.io client on one instance, recording lead states and presence lists. */
async function live(instance: ServerProcess, cookie: string) {
  const socket = connectSocketIo(instance.url, { transports: ["websocket"], extraHeaders: { cookie }, reconnection: false, forceNew: true });
  sockets.push(socket);
  const states: LeadState[] = [];
  const presence: PresenceEntry[][] = [];
  let disconnected = false;
  socket.on(LiveEvent.leadState, (s: LeadState) => states.push(s));
  socket.on(LiveEvent.presenceList, (list: PresenceEntry[]) => presence.push(list));
  socket.on("disconnect", () => (disconnected = true));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const send = (event: string, payload: unknown) => socket.timeout(5000).emitWithAck(event, payload) as Promise<CommandReply>;
  return {
    socket,
    states,
    presence,
    get disconnected() {
      return disconnected;
    },
    join: (meetingId: string) => send(LiveEvent.presenceJoin, { meetingId }),
    command: (meetingId: string, command: string, extra: Record<string, unknown> = {}) => send(LiveEvent.leadCommand, { meetingId, command, ...extra }),
  };
}

/** POSTs a form on one instance as its page does (Remix's single fetch: `<path>.data`), and returns what the action answered. */
async function submitForm(instance: ServerProcess, path: string, fields: Record<string, string>, cookie: string): Promise<unknown> {
  const res = await fetch(`${instance.url}${path}.data`, {
    method: "POST",
    headers: { Origin: instance.url, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  expect(res.status).toBe(200);
  const decoded = await decode(res.body!);
  await decoded.done;
  return (decoded.value as { data: unknown }).data;
}

/** A report step (submit, confirm) on one instance. */
function meetingForm(instance: ServerProcess, meetingId: string, intent: string, cookie: string): Promise<unknown> {
  return submitForm(instance, `/meetings/${meetingId}`, { intent }, cookie);
}

function typeParagraph(doc: Y.Doc, field: string, text: string): void {
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment(field).push([paragraph]);
}

const textOf = (client: { doc: Y.Doc }) => client.doc.getText("typed").toString();

describe("two instances, one database, one Redis", () => {
  it("a writer on each instance of the same meeting converges, and the text is stored", async () => {
    const meetingId = await pair.newMeeting();
    const aios = yjs(one, meetingId, pair.aios.cookie);
    const opleider = yjs(two, meetingId, pair.opleider.cookie);
    await Promise.all([aios.synced, opleider.synced]);
    // Both type at once, each on their own instance: 40 keystrokes each, interleaved.
    for (let i = 0; i < 40; i++) {
      aios.doc.getText("typed").insert(0, `a${i};`);
      opleider.doc.getText("typed").insert(opleider.doc.getText("typed").length, `o${i};`);
      await new Promise((r) => setTimeout(r, 5));
    }
    await eventually(() => {
      expect(textOf(aios)).toBe(textOf(opleider));
      for (let i = 0; i < 40; i++) expect(textOf(aios)).toContain(`o${i};`);
      for (let i = 0; i < 40; i++) expect(textOf(opleider)).toContain(`a${i};`);
    }, 10_000);
    // Stored: a newcomer on either instance gets all of it.
    for (const instance of [one, two]) {
      const fresh = yjs(instance, meetingId, pair.aios.cookie);
      await fresh.synced;
      expect(textOf(fresh)).toBe(textOf(aios));
    }
  });

  it("the aios's lead commands on instance 1 reach the opleider on instance 2, in order", async () => {
    const meetingId = await pair.newMeeting();
    const aios = await live(one, pair.aios.cookie);
    const opleider = await live(two, pair.opleider.cookie);
    expect(await aios.join(meetingId)).toEqual({ ok: true });
    expect(await opleider.join(meetingId)).toEqual({ ok: true });
    const before = opleider.states.length;
    // Sent at once, as fast clicks: one socket's commands are applied in the order sent.
    const items = ["punt-1", "punt-2", "punt-3", "punt-4"];
    const replies = await Promise.all([
      aios.command(meetingId, "start"),
      ...items.map((itemId) => aios.command(meetingId, "setCurrent", { itemId })),
      aios.command(meetingId, "timerPause"),
    ]);
    expect(replies.every((r) => r.ok)).toBe(true);
    await eventually(() => expect(opleider.states.length - before).toBe(6));
    const seen = opleider.states.slice(before);
    expect(seen.map((s) => s.version)).toEqual([...seen.map((s) => s.version)].sort((a, b) => a - b));
    expect(new Set(seen.map((s) => s.version)).size).toBe(6);
    expect(seen.map((s) => s.currentItemId)).toEqual([null, ...items, "punt-4"]);
    expect(seen.at(-1)).toMatchObject({ status: "bezig", currentItemId: "punt-4", timer: { runningSince: null } });
    // And the opleider on instance 2 may not lead.
    expect(await opleider.command(meetingId, "end")).toEqual({ ok: false, error: "onlyAios" });
  });

  it("a confirmation on instance 1 makes the document read-only on instance 2", async () => {
    const meetingId = await pair.newMeeting();
    const aiosLive = await live(one, pair.aios.cookie);
    expect(await aiosLive.join(meetingId)).toEqual({ ok: true });
    expect(await aiosLive.command(meetingId, "start")).toEqual({ ok: true });
    const opleider = yjs(two, meetingId, pair.opleider.cookie);
    await opleider.synced;
    typeParagraph(opleider.doc, "notes", "Besproken op instantie 2");
    expect(await aiosLive.command(meetingId, "end")).toEqual({ ok: true });
    // The verslag is drafted when the meeting ends; the aios submits it on instance 1.
    await eventually(async () => expect(await meetingForm(one, meetingId, "submitReport", pair.aios.cookie)).toEqual({ ok: true }), 10_000);
    expect(await meetingForm(one, meetingId, "confirmReport", pair.opleider.cookie)).toEqual({ ok: true });

    // The opleider's open document on instance 2 now refuses a change, and stores none of it.
    typeParagraph(opleider.doc, "notes", "Na de bevestiging");
    await eventually(() => expect(opleider.closes).toContain(`${CloseCode.readOnly} document is read-only`));
    opleider.provider.disconnect();
    for (const instance of [two, one]) {
      const reader = yjs(instance, meetingId, pair.aios.cookie);
      await reader.synced;
      const notes = reader.doc.getXmlFragment("notes").toString();
      expect(notes).toContain("Besproken op instantie 2");
      expect(notes).not.toContain("Na de bevestiging");
    }
    // A document opened anew on instance 2 is read-only too (from the database).
    const late = yjs(two, meetingId, pair.opleider.cookie);
    await late.synced;
    typeParagraph(late.doc, "notes", "Nog later");
    await eventually(() => expect(late.closes).toContain(`${CloseCode.readOnly} document is read-only`));
  });

  it("logging out on instance 1 closes that session's connections on instance 2, and only those", async () => {
    const meetingId = await pair.newMeeting();
    const session = await logIn(one.url, pair.aios);
    const other = await logIn(one.url, pair.aios);
    const doc = yjs(two, meetingId, session);
    const socket = await live(two, session);
    const keeps = yjs(two, meetingId, other);
    const keepsSocket = await live(two, other);
    await Promise.all([doc.synced, keeps.synced]);

    const res = await fetch(`${one.url}/logout`, { method: "POST", redirect: "manual", headers: { Origin: one.url, Cookie: session } });
    expect(res.status).toBe(302);
    await eventually(() => {
      expect(doc.closes).toContain(`${CloseCode.sessionEnded} session ended`);
      expect(socket.disconnected).toBe(true);
    });
    // The same person's other session is untouched.
    await new Promise((r) => setTimeout(r, 300));
    expect(keeps.provider.wsconnected).toBe(true);
    expect(keepsSocket.disconnected).toBe(false);

    // "Overal anders uitloggen" on instance 1 closes the other sessions on instance 2 as well.
    const third = await logIn(one.url, pair.aios);
    const thirdDoc = yjs(two, meetingId, third);
    await thirdDoc.synced;
    expect(await submitForm(one, "/account", { intent: "logOutElsewhere" }, other)).toMatchObject({ done: "account.loggedOutElsewhere" });
    await eventually(() => expect(thirdDoc.closes).toContain(`${CloseCode.sessionEnded} session ended`));
    expect(keeps.provider.wsconnected).toBe(true);
    // Every other session of the aios ended, the first one too: the later tests use the one left.
    pair.aios.cookie = other;
  });

  it("presence shows both people, on both instances and in the document", async () => {
    const meetingId = await pair.newMeeting();
    const aios = await live(one, pair.aios.cookie);
    const opleider = await live(two, pair.opleider.cookie);
    await aios.join(meetingId);
    await opleider.join(meetingId);
    const names = (list: PresenceEntry[] | undefined) => (list ?? []).map((p) => p.name).sort();
    await eventually(() => {
      expect(names(aios.presence.at(-1))).toEqual(["Cluster Aios", "Cluster Opleider"]);
      expect(names(opleider.presence.at(-1))).toEqual(["Cluster Aios", "Cluster Opleider"]);
    });

    // The carets' presence (Yjs awareness) crosses instances too, with the server-known names.
    const aiosDoc = yjs(one, meetingId, pair.aios.cookie);
    const opleiderDoc = yjs(two, meetingId, pair.opleider.cookie);
    await Promise.all([aiosDoc.synced, opleiderDoc.synced]);
    aiosDoc.provider.awareness.setLocalStateField("user", { name: "Zelfbedacht", color: "#000000" });
    opleiderDoc.provider.awareness.setLocalStateField("user", { name: "Ook bedacht", color: "#000000" });
    // The other people a client shows carets for (its own state is its own).
    const others = (client: YjsClient) =>
      [...client.provider.awareness.getStates()]
        .filter(([id]) => id !== client.provider.awareness.clientID)
        .map(([, s]) => (s.user as { name?: string } | undefined)?.name)
        .sort();
    await eventually(() => {
      expect(others(aiosDoc)).toEqual(["Cluster Opleider"]);
      expect(others(opleiderDoc)).toEqual(["Cluster Aios"]);
    });

    // The opleider leaves: gone from the list and from the carets on instance 1.
    opleider.socket.disconnect();
    opleiderDoc.provider.disconnect();
    await eventually(() => {
      expect(names(aios.presence.at(-1))).toEqual(["Cluster Aios"]);
      expect(others(aiosDoc)).toEqual([]);
    });
  });
});
