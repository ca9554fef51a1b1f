import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KoersServer } from "../../server/koers-server";
import { eventually, startPageServer } from "../support/test-server";
import { ask, asHtml, connected, liveSocket, postForm, signUpDirectly, type TestPerson } from "../support/http-session";
import { acceptInvite, createInvite, createPair } from "../../app/pairs/pairs.server";
import { planMeeting } from "../../app/meetings/meetings.server";
import { LiveEvent, type CommandReply } from "../../app/live/events";
import { meetingDocName } from "../../app/collab/protocol";
import { nl } from "../../app/i18n/nl";
import { sql, sqlRow, sqlRun } from "../support/test-database";

// Issue #13.9: there was no way to delete a meeting. Either member can cancel (and delete) a
// meeting that has not taken place; the other member's open dashboard follows at once.

let server: KoersServer;
let aios: TestPerson, opleider: TestPerson, outsider: TestPerson;
let pairId: string, otherPairId: string;

beforeAll(async () => {
  server = await startPageServer();
  aios = await signUpDirectly(server, "Anna");
  opleider = await signUpDirectly(server, "Olaf");
  outsider = await signUpDirectly(server, "Otto");
  pairId = await createPair(server.services, aios.id, { practiceName: "Praktijk Annuleren", trainingYear: 1, startsOn: "2026-09-01", endsOn: "2027-08-31", creatorRole: "aios" });
  await acceptInvite(server.services, await createInvite(server.services, pairId, aios.id), opleider.id);
  otherPairId = await createPair(server.services, outsider.id, { practiceName: "Praktijk Anders", trainingYear: 1, startsOn: "2026-09-01", endsOn: "2027-08-31", creatorRole: "aios" });
});
afterAll(() => server.close());

async function plan(title: string) {
  const meeting = await planMeeting(server.services, { pairId, userId: aios.id, role: "aios" }, {
    kind: "taakgericht",
    subkind: "consultbespreking",
    title,
    date: "2026-12-08",
    time: "09:00",
    plannedMinutes: 45,
    useTemplate: "on",
  });
  return meeting.id;
}

const exists = async (meetingId: string) => (await sqlRow(server.services.db, sql`select count(*) as n from meetings where id = ${meetingId}`)) as { n: number };
const docRows = async (meetingId: string) =>
  (await sqlRow(
    server.services.db,
    sql`select (select count(*) from doc_updates where doc_name = ${meetingDocName(meetingId)}) + (select count(*) from doc_states where doc_name = ${meetingDocName(meetingId)}) as n`,
  )) as { n: number };
const cancel = (as: TestPerson, inPair: string, meetingId: string) => postForm(server, `/pairs/${inPair}`, { intent: "cancelMeeting", meetingId }, as.cookie);

describe("cancelling a meeting", () => {
  it("either member cancels a planned meeting: it and its documents are gone, and the other's dashboard is told", async () => {
    const meetingId = await plan("Consult week 50");
    await eventually(async () => expect((await docRows(meetingId)).n).toBeGreaterThan(0)); // the template's first content
    const aiosDashboard = liveSocket(server, aios.cookie);
    expect(await connected(aiosDashboard)).toBe("connected");
    expect(await ask<CommandReply>(aiosDashboard, LiveEvent.pairWatch, { pairId })).toEqual({ ok: true });
    const told = new Promise<unknown>((resolve) => aiosDashboard.once(LiveEvent.pairChanged, resolve));

    const res = await cancel(opleider, pairId, meetingId);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(asHtml(nl.safety.cancelMeeting.done.split("{{")[1]!.split("}}")[1]!));
    expect((await exists(meetingId)).n).toBe(0);
    expect((await docRows(meetingId)).n).toBe(0);
    expect(await told).toEqual({ pairId });
    aiosDashboard.disconnect();
  });

  it("refuses a meeting that has started, and another pair's meeting", async () => {
    const started = await plan("Al begonnen");
    await sqlRun(server.services.db, sql`update meetings set status = 'bezig', started_at = ${new Date().toISOString()} where id = ${started}`);
    const refused = await cancel(aios, pairId, started);
    expect(await refused.text()).toContain(asHtml(nl.safety.cancelMeeting.problems.alreadyStarted));
    expect((await exists(started)).n).toBe(1);

    const mine = await plan("Niet van Otto");
    // Through Otto's own pair page: not a meeting of that pair.
    expect(await (await cancel(outsider, otherPairId, mine)).text()).toContain(asHtml(nl.safety.cancelMeeting.problems.notFound));
    // Through this pair's page: not a member.
    expect((await cancel(outsider, pairId, mine)).status).toBe(403);
    expect((await exists(mine)).n).toBe(1);
  });
});
