import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KoersServer } from "../../server/koers-server";
import { connectClient, eventually, startPageServer, type TestClient } from "../support/test-server";
import { seedMeeting, seedTestPair, TEST_PAIR_ID, TEST_USERS } from "../support/test-access";
import { MeetingField, meetingDocName } from "../../app/collab/protocol";
import { fillEmptyField } from "../../app/editor/write-fields";
import { enableCalendarFeed } from "../../app/calendar/calendar-feed.server";
import { sql, sqlRow, sqlRun } from "../support/test-database";

// Issue #13.8: an agreement id attribute holding CRLF and BEGIN:VEVENT became real lines in
// both members' feeds (ical-generator writes UID unescaped). Every value is escaped now.

const INJECTED = "\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\r\nSUMMARY:Ingebroken\r\nDTSTART:20261201T090000Z";
const MEETING = "ics-injection";

let server: KoersServer;
let client: TestClient;

beforeAll(async () => {
  server = await startPageServer();
  await seedTestPair(server);
  await seedMeeting(server, meetingDocName(MEETING));
  const { db } = server.services;
  // Every text that reaches the feed carries the same payload: practice name, meeting title, agreement text.
  await sqlRun(db, sql`update pairs set practice_name = ${`Praktijk${INJECTED}`} where id = ${TEST_PAIR_ID}`);
  await sqlRun(db, sql`update meetings set title = ${`Gesprek${INJECTED}`} where id = ${MEETING}`);
  // A member's modified client writes an agreement whose id is the payload, straight into the document.
  client = connectClient(server, meetingDocName(MEETING));
  await client.synced;
  fillEmptyField(client.doc, MeetingField.agreements, {
    type: "doc",
    content: [
      { type: "agreement", attrs: { id: "a-ok", owner: "aios", followUpDate: "2026-12-01", status: "open" }, content: [{ type: "text", text: "Gewone afspraak" }] },
    ],
  });
  await eventually(async () => expect(await sqlRow(db, sql`select count(*) as n from agreements where meeting_id = ${MEETING}`)).toEqual({ n: 1 }));
  // What an indexer without the id check stored (rows from before the fix stay in the table).
  await sqlRun(
    db,
    sql`insert into agreements (meeting_id, id, pair_id, text, owner, follow_up_date, status, position) values (${MEETING}, ${`a${INJECTED}`}, ${TEST_PAIR_ID}, ${`Afspraak${INJECTED}`}, 'aios', '2026-12-02', 'open', 1)`,
  );
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
});

describe("the calendar feed escapes every value", () => {
  it("no injected line becomes a property or an event, in either member's feed", async () => {
    for (const role of ["aios", "opleider"] as const) {
      const token = await enableCalendarFeed(server.services, TEST_USERS[role].id);
      const res = await fetch(`${server.url}/calendar/${token}.ics`);
      expect(res.status).toBe(200);
      const lines = (await res.text()).replace(/\r\n[ \t]/g, "").split("\r\n").filter(Boolean);
      // One meeting and two agreements: three events, no more.
      expect(lines.filter((l) => l === "BEGIN:VEVENT")).toHaveLength(3);
      expect(lines.filter((l) => l === "END:VEVENT")).toHaveLength(3);
      expect(lines.filter((l) => l.startsWith("UID:evil"))).toEqual([]);
      expect(lines.filter((l) => l.startsWith("SUMMARY:Ingebroken"))).toEqual([]);
      expect(lines.filter((l) => l.startsWith("DTSTART:20261201T090000Z"))).toEqual([]);
      // Every line is a property (NAME: or NAME;PARAM...), never stray text.
      for (const line of lines) expect(line, line).toMatch(/^[A-Z][A-Z0-9-]*[;:]/);
      // The forged agreement is still listed, under an id that cannot break the line.
      expect(lines.some((l) => l.startsWith("UID:agreement-ics-injection-a%0D%0AEND%3AVEVENT"))).toBe(true);
    }
  });
});
