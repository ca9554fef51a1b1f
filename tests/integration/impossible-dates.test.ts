import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KoersServer } from "../../server/koers-server";
import { startPageServer } from "../support/test-server";
import { asHtml, getPage, postForm, signUpThroughPage, type TestPerson } from "../support/http-session";
import { enableCalendarFeed } from "../../app/calendar/calendar-feed.server";
import { createPair } from "../../app/pairs/pairs.server";
import { nl } from "../../app/i18n/nl";
import { sql, sqlRow, sqlRun } from "../support/test-database";

// Issue #13.9: a meeting on 2026-13-45 was accepted, after which the .ics feed answered 500
// for both members; a pair period 2026-99-99 made the dashboard answer 500.

let server: KoersServer;
let aios: TestPerson;
let pairId: string;
beforeAll(async () => {
  server = await startPageServer();
  aios = await signUpThroughPage(server, "Dana");
  pairId = await createPair(server.services, aios.id, { practiceName: "Praktijk Kalender", trainingYear: 1, startsOn: "2026-09-01", endsOn: "2027-08-31", creatorRole: "aios" });
});
afterAll(() => server.close());

const meetingCount = async () => ((await sqlRow(server.services.db, sql`select count(*) as n from meetings where pair_id = ${pairId}`)) as { n: number }).n;

function schedule(date: string, time = "10:00") {
  return postForm(server, `/pairs/${pairId}`, { intent: "schedule", kind: "persoonsgericht", date, time, plannedMinutes: "45" }, aios.cookie);
}

describe("forms take real calendar dates only", () => {
  it("refuses a meeting on a date that does not exist, with the reason next to the field", async () => {
    const before = await meetingCount();
    for (const date of ["2026-13-45", "2026-02-30", "2025-02-29", "2026-00-10"]) {
      const res = await schedule(date);
      expect(res.status, date).toBe(200);
      expect(await res.text(), date).toContain(asHtml(nl.safety.dates.notARealDate));
    }
    const res = await schedule("0226-11-24");
    expect(await res.text()).toContain(asHtml(nl.safety.dates.outOfRange));
    expect(await meetingCount()).toBe(before);
    // A leap day that exists is fine.
    expect((await schedule("2028-02-29")).status).toBe(302);
    expect(await meetingCount()).toBe(before + 1);
  });

  it("refuses the hour the clock skips at the start of summer time in the Netherlands", async () => {
    const before = await meetingCount();
    const skipped = await schedule("2027-03-28", "02:30");
    expect(await skipped.text()).toContain(asHtml(nl.safety.dates.timeSkipped));
    expect((await schedule("2027-03-28", "25:00")).status).toBe(200);
    expect(await meetingCount()).toBe(before);
    // The hour that happens twice in October exists (once in each offset): it is accepted.
    expect((await schedule("2026-10-25", "02:30")).status).toBe(302);
  });

  it("refuses a pair period with an impossible date or an end before its start", async () => {
    const make = (startsOn: string, endsOn: string) =>
      postForm(server, "/pairs/new", { creatorRole: "aios", practiceName: "Praktijk Periode", trainingYear: "1", startsOn, endsOn }, aios.cookie);
    expect(await (await make("2026-99-99", "2027-01-01")).text()).toContain(asHtml(nl.safety.dates.notARealDate));
    expect(await (await make("2026-09-01", "2026-02-30")).text()).toContain(asHtml(nl.safety.dates.notARealDate));
    expect(await (await make("2026-09-01", "2026-08-31")).text()).toContain(asHtml(nl.forms.endBeforeStart));
    expect((await make("2026-09-01", "2026-09-01")).status).toBe(302);
  });
});

describe("rows stored before these checks are harmless", () => {
  it("the feed and the dashboard answer 200 and leave out what cannot be placed", async () => {
    const { db } = server.services;
    const badPair = "00000000-0000-4000-8000-0000000000bb";
    await sqlRun(db, sql`insert into pairs (id, practice_name, training_year, starts_on, ends_on, created_by) values (${badPair}, 'Praktijk Oud', 1, '2026-99-99', '2026-13-45', ${aios.id})`);
    await sqlRun(db, sql`insert into pair_members (pair_id, user_id, role) values (${badPair}, ${aios.id}, 'aios')`);
    const insertMeeting = (id: string, scheduledAt: string, title: string) =>
      sqlRun(db, sql`insert into meetings (id, pair_id, kind, scheduled_at, created_by, title) values (${id}, ${badPair}, 'taakgericht', ${scheduledAt}, ${aios.id}, ${title})`);
    await insertMeeting("bad-month", "2026-13-45T10:00", "Dertiende maand");
    await insertMeeting("bad-day", "2026-02-30T10:00", "Dertig februari");
    await insertMeeting("bad-time", "2026-11-24T27:99", "Zevenentwintig uur");
    await insertMeeting("good", "2026-11-24T10:00", "Gewoon gesprek");
    await sqlRun(db, sql`insert into agreements (meeting_id, id, pair_id, text, owner, follow_up_date, status, position) values ('good', 'a-bad', ${badPair}, 'Onmogelijke terugkomdatum', 'aios', '2026-02-30', 'open', 0)`);

    const dashboard = await getPage(server, `/pairs/${badPair}`, aios.cookie);
    expect(dashboard.status).toBe(200);
    const html = await dashboard.text();
    expect(html).toContain("Dertig februari");
    // Not shown as 2 March (JavaScript's Date rolls 30 February over).
    expect(html).not.toContain("2 mrt");

    const token = await enableCalendarFeed(server.services, aios.id);
    const feed = await fetch(`${server.url}/calendar/${token}.ics`);
    expect(feed.status).toBe(200);
    const ics = await feed.text();
    expect(ics).toContain("UID:meeting-good@koers");
    for (const id of ["bad-month", "bad-day", "bad-time"]) expect(ics).not.toContain(`meeting-${id}@koers`);
    expect(ics).not.toContain("Onmogelijke terugkomdatum");

    expect((await getPage(server, "/meetings/bad-month", aios.cookie)).status).toBe(200);
  });
});
