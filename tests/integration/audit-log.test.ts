import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import type { KoersServer } from "../../server/koers-server";
import { eventually, startPageServer, withHeaders } from "../support/test-server";
import { ask, asHtml, connected, getPage, liveSocket, signUpDirectly, yjsUpgradeStatus, type TestPerson } from "../support/http-session";
import { confirmMeetingReport, seedEndedMeeting, seedPair, type SeededMeeting } from "../support/your-data-fixtures";
import { YJS_PATH, meetingDocName, privateNotesDocName } from "../../app/collab/protocol";
import { LiveEvent } from "../../app/live/events";
import { recordOpen } from "../../db/audit-log";
import { sqlRow, sqlRows, sqlRun, sqlText } from "../support/test-database";
import { listMeetingVisits } from "../../app/audit/audit.server";

// Issue #19, "who opened what": every channel that hands out a meeting's documents records
// the open (after its access check, so only members), coalesced per member, channel and
// 10 minutes; each member sees the list per meeting, nobody else.

let server: KoersServer;
let aios: TestPerson;
let opleider: TestPerson;
let stranger: TestPerson;
let meeting: SeededMeeting;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  server = await startPageServer();
  aios = await signUpDirectly(server, "Aios Audit");
  opleider = await signUpDirectly(server, "Opleider Audit");
  stranger = await signUpDirectly(server, "Vreemde Buitenstaander");
  await seedPair(server, { id: "pair-audit", practice: "Praktijk De Brug", aiosId: aios.id, opleiderId: opleider.id });
  await seedPair(server, { id: "pair-stranger", practice: "Praktijk Ver Weg", aiosId: stranger.id });
  meeting = await seedEndedMeeting(server, { id: "meeting-audit", pairId: "pair-audit", createdBy: aios.id, marker: "AUDIT" });
  await confirmMeetingReport(server, meeting.id, aios.id, opleider.id);
}, 60_000);

afterAll(async () => {
  for (const c of cleanups.splice(0)) c();
  await server?.close();
});

async function channelsOf(userId: string): Promise<string[]> {
  return ((await sqlRows(server.services.db, sqlText("select distinct channel from audit_log where meeting_id = ? and user_id = ? order by channel", meeting.id, userId))) as Array<{ channel: string }>).map(
    (r) => r.channel,
  );
}

describe("the audit log records opens on every channel", () => {
  it("HTTP: the meeting page, print, Markdown, PDF and history, each once per window with a count", async () => {
    for (const path of ["", "", "/print", "/report.md", "/report.pdf", "/history"]) {
      const res = await getPage(server, `/meetings/${meeting.id}${path}`, aios.cookie);
      expect(res.status, path).toBe(200);
      await res.arrayBuffer();
    }
    expect(await channelsOf(aios.id)).toEqual(["history", "markdown", "page", "pdf", "print"]);
    // Two page loads in one window: one row, counted twice (two rows only if a 10-minute boundary fell between them).
    const pageRows = (await sqlRows(server.services.db, sqlText("select count from audit_log where meeting_id = ? and user_id = ? and channel = 'page'", meeting.id, aios.id))) as Array<{ count: number }>;
    expect(pageRows.reduce((n, r) => n + r.count, 0)).toBe(2);
    expect(pageRows.length).toBeLessThanOrEqual(2);
  });

  it("the Yjs websocket: a real y-websocket client opening the meeting's document", async () => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}${YJS_PATH}`, meetingDocName(meeting.id), doc, {
      WebSocketPolyfill: withHeaders({ Cookie: opleider.cookie }),
      disableBc: true,
    });
    cleanups.push(() => provider.destroy());
    await new Promise<void>((resolve) => provider.once("sync", () => resolve()));
    await eventually(async () => expect(await channelsOf(opleider.id)).toEqual(["yjs"]));
    provider.destroy();
  });

  it("socket.io: a real client joining the meeting's presence", async () => {
    const socket = liveSocket(server, opleider.cookie);
    cleanups.push(() => socket.disconnect());
    expect(await connected(socket)).toBe("connected");
    expect(await ask(socket, LiveEvent.presenceJoin, { meetingId: meeting.id })).toEqual({ ok: true });
    await eventually(async () => expect(await channelsOf(opleider.id)).toEqual(["live", "yjs"]));
    socket.disconnect();
  });

  it("records nothing for someone who is refused, on any channel", async () => {
    expect((await getPage(server, `/meetings/${meeting.id}`, stranger.cookie)).status).toBe(403);
    expect((await getPage(server, `/meetings/${meeting.id}/report.pdf`, stranger.cookie)).status).toBe(403);
    expect(await yjsUpgradeStatus(server, meetingDocName(meeting.id), stranger.cookie)).toBe(403);
    expect(await yjsUpgradeStatus(server, privateNotesDocName(meeting.id, aios.id), opleider.cookie)).toBe(403);
    const socket = liveSocket(server, stranger.cookie);
    cleanups.push(() => socket.disconnect());
    expect(await connected(socket)).toBe("connected");
    expect(await ask(socket, LiveEvent.presenceJoin, { meetingId: meeting.id })).toEqual({ ok: false, error: "forbidden" });
    socket.disconnect();
    await new Promise((r) => setTimeout(r, 100));
    expect(await channelsOf(stranger.id)).toEqual([]);
    // The opleider's refused open of the aios's private notes is not counted as an open either.
    expect(await channelsOf(opleider.id)).toEqual(["live", "yjs"]);
  });
});

describe("Geopend door", () => {
  it("shows each member when who opened the meeting and how", async () => {
    const res = await getPage(server, `/meetings/${meeting.id}/opened`, aios.cookie);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("Geopend door");
    expect(page).toContain("Aios Audit");
    expect(page).toContain("Opleider Audit");
    expect(page).toContain(asHtml("gesprekspagina, versies, afdrukken, Markdown, PDF"));
    expect(page).toContain(asHtml("documenten (live), aanwezigheid"));
    expect((await getPage(server, `/meetings/${meeting.id}/opened`, opleider.cookie)).status).toBe(200);
  });

  it("is refused to anyone else (403), and unknown meetings are 404", async () => {
    expect((await getPage(server, `/meetings/${meeting.id}/opened`, stranger.cookie)).status).toBe(403);
    expect((await getPage(server, "/meetings/no-such-meeting/opened", aios.cookie)).status).toBe(404);
    expect((await getPage(server, `/meetings/${meeting.id}/opened`)).status).toBe(302);
  });

  it("coalesces per member, channel and 10 minutes: a new window is a new row, and visits group the channels", async () => {
    const at = new Date("2030-01-01T10:03:00.000Z");
    await recordOpen(server.services.db, { meetingId: meeting.id, userId: aios.id, channel: "page" }, at);
    await recordOpen(server.services.db, { meetingId: meeting.id, userId: aios.id, channel: "yjs" }, new Date("2030-01-01T10:09:59.000Z"));
    await recordOpen(server.services.db, { meetingId: meeting.id, userId: aios.id, channel: "page" }, new Date("2030-01-01T10:10:00.000Z"));
    const visits = (await listMeetingVisits(server.services.db, meeting.id)).filter((v) => v.windowStart.startsWith("2030"));
    expect(visits.map((v) => [v.windowStart, v.channels])).toEqual([
      ["2030-01-01T10:10:00.000Z", ["page"]],
      ["2030-01-01T10:00:00.000Z", ["page", "yjs"]],
    ]);
    expect(visits[1]).toMatchObject({ firstAt: "2030-01-01T10:03:00.000Z", lastAt: "2030-01-01T10:09:59.000Z" });
  });
});
