import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KoersServer } from "../../server/koers-server";
import { startPageServer } from "../support/test-server";
import { getPage, postForm, signUpDirectly, signUpThroughPage, type TestPerson, asHtml } from "../support/http-session";
import { createPair } from "../../app/pairs/pairs.server";
import { scheduleMeeting } from "../../app/meetings/meetings.server";
import { syncMeetingAgreements, type AgreementInput } from "../../db/agreements";
import { enableCalendarFeed } from "../../app/calendar/calendar-feed.server";
import { nl } from "../../app/i18n/nl";
import { sql, sqlRow, sqlRun } from "../support/test-database";

// The calendar feed (issue #5) through the real pages and the real feed URL: turned on and off
// on /account/calendar, fetched without a session (as a calendar app does), one user's feed
// never shows another user's pairs, and a new link revokes the previous one.

let server: KoersServer;

beforeAll(async () => {
  server = await startPageServer();
});
afterAll(async () => {
  await server?.close();
});

const html = asHtml;

/** ICS text with folded lines (RFC 5545 §3.1: CRLF + space) joined again, so a property is one line. */
function unfold(ics: string): string {
  return ics.replace(/\r\n[ \t]/g, "");
}

/** The VEVENT block with this UID, or undefined. */
function eventWithUid(ics: string, uid: string): string | undefined {
  return unfold(ics)
    .split("BEGIN:VEVENT")
    .slice(1)
    .find((block) => block.includes(`\r\nUID:${uid}\r\n`));
}

/** A pair of `person` (as aios) with one meeting; returns their ids. */
async function pairWithMeeting(person: TestPerson, practiceName: string, when: { date: string; time: string }) {
  const pairId = await createPair(server.services, person.id, { practiceName, trainingYear: 1, startsOn: "2026-01-05", endsOn: "2026-12-31", creatorRole: "aios" });
  const meeting = await scheduleMeeting(server.services, pairId, person.id, {
    kind: "persoonsgericht",
    subkind: null,
    title: "Werkdruk en grenzen",
    ...when,
    plannedMinutes: 60,
  });
  return { pairId, meetingId: meeting.id };
}

function agreement(id: string, text: string, followUpDate: string | null, status: AgreementInput["status"] = "open"): AgreementInput {
  return { id, text, owner: "aios", followUpDate, status };
}

/** Turns the feed on through the page and returns the URL it shows (once). */
async function enableThroughPage(person: TestPerson): Promise<string> {
  const res = await postForm(server, "/account/calendar", { intent: "enable" }, person.cookie);
  expect(res.status).toBe(200);
  const page = await res.text();
  const url = new RegExp(`${server.url.replace(/[.]/g, "\\.")}/calendar/[A-Za-z0-9_-]{43}\\.ics`).exec(page)?.[0];
  expect(url, "the page shows the feed URL to copy").toBeTruthy();
  return url!;
}

function feed(url: string): Promise<Response> {
  return fetch(url, { redirect: "manual" });
}

describe("the calendar feed", () => {
  it("enabling shows a URL whose ICS holds the pair's meetings (Amsterdam wall-clock time) and open agreements' follow-up dates", async () => {
    const aios = await signUpThroughPage(server, "Kim");
    const { pairId, meetingId } = await pairWithMeeting(aios, "Praktijk Het Kalendertje", { date: "2026-03-16", time: "14:30" });
    // A summer meeting: written as 10:00 under the TZID, not shifted by the DST offset.
    const summer = await scheduleMeeting(server.services, pairId, aios.id, { kind: "taakgericht", subkind: "consultbespreking", title: null, date: "2026-07-01", time: "10:00", plannedMinutes: 45 });
    await syncMeetingAgreements(server.services.db, { id: meetingId, pairId }, [
      agreement("a1", "Twee consulten opnemen op video", "2026-03-30"),
      agreement("a2", "Al afgerond", "2026-03-31", "afgerond"),
      agreement("a3", "Zonder datum", null),
    ]);

    expect((await getPage(server, "/account/calendar", aios.cookie)).status).toBe(200);
    expect(await (await getPage(server, "/account/calendar", aios.cookie)).text()).toContain(html(nl.calendar.inactive));
    const url = await enableThroughPage(aios);
    expect(await (await getPage(server, "/account/calendar", aios.cookie)).text()).toContain(html(nl.calendar.active));
    // Only the hash is stored.
    const stored = (await sqlRow(server.services.db, sql`select calendar_token_hash as hash from users where id = ${aios.id}`)) as { hash: string | null };
    expect(stored.hash).toBeTruthy();
    expect(url).not.toContain(stored.hash!);

    // No cookie: the secret URL is the credential.
    const res = await feed(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const ics = await res.text();
    expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(unfold(ics)).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Europe\/Amsterdam\r\n/);

    const meetingEvent = eventWithUid(ics, `meeting-${meetingId}@koers`);
    expect(meetingEvent).toBeDefined();
    expect(meetingEvent).toContain("DTSTART;TZID=Europe/Amsterdam:20260316T143000\r\n");
    expect(meetingEvent).toContain("DTEND;TZID=Europe/Amsterdam:20260316T153000\r\n");
    expect(meetingEvent).toContain(`SUMMARY:Leergesprek: ${nl.meetingKinds.persoonsgericht} (Praktijk Het Kalendertje)\r\n`);
    expect(meetingEvent).toContain("DESCRIPTION:Werkdruk en grenzen\r\n");
    expect(meetingEvent).toMatch(/DTSTAMP:\d{8}T\d{6}Z\r\n/);

    const summerEvent = eventWithUid(ics, `meeting-${summer.id}@koers`);
    expect(summerEvent).toContain("DTSTART;TZID=Europe/Amsterdam:20260701T100000\r\n");
    expect(summerEvent).toContain("DTEND;TZID=Europe/Amsterdam:20260701T104500\r\n");
    expect(summerEvent).toContain(`${nl.meetingKinds.taakgericht}: ${nl.taakSubkinds.consultbespreking}`);

    const agreementEvent = eventWithUid(ics, `agreement-${meetingId}-a1@koers`);
    expect(agreementEvent).toBeDefined();
    expect(agreementEvent).toContain("DTSTART;VALUE=DATE:20260330\r\n");
    expect(agreementEvent).toContain("SUMMARY:Afspraak: Twee consulten opnemen op video\r\n");
    // Closed and undated agreements are no calendar events.
    expect(eventWithUid(ics, `agreement-${meetingId}-a2@koers`)).toBeUndefined();
    expect(eventWithUid(ics, `agreement-${meetingId}-a3@koers`)).toBeUndefined();
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(3);

    // The feed follows the data: the agreement removed from its document leaves the calendar.
    await syncMeetingAgreements(server.services.db, { id: meetingId, pairId }, []);
    expect(eventWithUid(await (await feed(url)).text(), `agreement-${meetingId}-a1@koers`)).toBeUndefined();
  });

  it("shows only its own user's pairs: another user's token never shows this user's meetings", async () => {
    const anna = await signUpDirectly(server, "Anna");
    const bram = await signUpDirectly(server, "Bram");
    const annas = await pairWithMeeting(anna, "Praktijk Van Anna", { date: "2026-04-07", time: "09:00" });
    await syncMeetingAgreements(server.services.db, { id: annas.meetingId, pairId: annas.pairId }, [agreement("x1", "Annas afspraak", "2026-04-21")]);
    const brams = await pairWithMeeting(bram, "Praktijk Van Bram", { date: "2026-04-08", time: "11:15" });

    const bramsUrl = await enableThroughPage(bram);
    const annasUrl = await enableThroughPage(anna);
    const bramsIcs = await (await feed(bramsUrl)).text();
    expect(eventWithUid(bramsIcs, `meeting-${brams.meetingId}@koers`)).toBeDefined();
    expect(eventWithUid(bramsIcs, `meeting-${annas.meetingId}@koers`)).toBeUndefined();
    expect(bramsIcs).not.toContain(annas.meetingId);
    expect(bramsIcs).not.toContain("Praktijk Van Anna");
    expect(bramsIcs).not.toContain("Annas afspraak");

    const annasIcs = await (await feed(annasUrl)).text();
    expect(eventWithUid(annasIcs, `meeting-${annas.meetingId}@koers`)).toBeDefined();
    expect(annasIcs).not.toContain(brams.meetingId);

    // Both members of a pair see its meetings in their own feeds.
    await sqlRun(server.services.db, sql`insert into pair_members (pair_id, user_id, role) values (${annas.pairId}, ${bram.id}, 'opleider')`);
    expect(eventWithUid(await (await feed(bramsUrl)).text(), `meeting-${annas.meetingId}@koers`)).toBeDefined();
  });

  it("after revoking, the old URL is 404 and the page says the feed is off", async () => {
    const person = await signUpDirectly(server, "Rik");
    const url = await enableThroughPage(person);
    expect((await feed(url)).status).toBe(200);

    const revoked = await postForm(server, "/account/calendar", { intent: "revoke" }, person.cookie);
    expect(revoked.status).toBe(200);
    expect(await revoked.text()).toContain(html(nl.calendar.revoked));
    expect((await feed(url)).status).toBe(404);
    expect(await (await getPage(server, "/account/calendar", person.cookie)).text()).toContain(html(nl.calendar.inactive));
    const stored = (await sqlRow(server.services.db, sql`select calendar_token_hash as hash from users where id = ${person.id}`)) as { hash: string | null };
    expect(stored.hash).toBeNull();
  });

  it("making a new link revokes the previous one", async () => {
    const person = await signUpDirectly(server, "Nora");
    const first = await enableThroughPage(person);
    const second = await enableThroughPage(person);
    expect(second).not.toBe(first);
    expect((await feed(first)).status).toBe(404);
    expect((await feed(second)).status).toBe(200);

    // The same through the function the page uses.
    const token = await enableCalendarFeed(server.services, person.id);
    expect((await feed(second)).status).toBe(404);
    expect((await feed(`${server.url}/calendar/${token}.ics`)).status).toBe(200);
  });

  it("unknown tokens are 404, and the settings page needs a session", async () => {
    expect((await feed(`${server.url}/calendar/dit-is-geen-echte-agenda-link-0123456789abcde.ics`)).status).toBe(404);
    const page = await getPage(server, "/account/calendar");
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe(`/login?next=${encodeURIComponent("/account/calendar")}`);
    const post = await postForm(server, "/account/calendar", { intent: "enable" });
    expect(post.status).toBe(302);
  });

  it("the account page links to the calendar page", async () => {
    const person = await signUpDirectly(server, "Lieke");
    const page = await (await getPage(server, "/account", person.cookie)).text();
    expect(page).toContain('href="/account/calendar"');
  });
});
