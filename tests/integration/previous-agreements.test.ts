import { afterEach, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server";
import { TEST_PAIR_ID, TEST_USERS } from "../support/test-access";
import type { KoersServer } from "../../server/koers-server";
import { nextMeetingOf, openAgreementsView } from "../../app/agreements/open-agreements.server";
import { sql, sqlRun } from "../support/test-database";

// Issue #12.3: "Vorige afspraken" and "Voorbereiden" list agreements of meetings BEFORE the
// meeting at hand (by scheduled time, then by when the meeting was made), never later ones.

let server: KoersServer;
afterEach(async () => {
  await server?.close();
});

async function insertMeetingRow(id: string, scheduledAt: string, createdAt: string, status = "gepland"): Promise<void> {
  await sqlRun(
    server.services.db,
    sql`insert into meetings (id, pair_id, kind, scheduled_at, status, created_by, created_at) values (${id}, ${TEST_PAIR_ID}, 'taakgericht', ${scheduledAt}, ${status}, ${TEST_USERS.aios.id}, ${createdAt})`,
  );
}

async function insertAgreementRow(meetingId: string, id: string, text: string, status = "open"): Promise<void> {
  await sqlRun(
    server.services.db,
    sql`insert into agreements (meeting_id, id, pair_id, text, owner, follow_up_date, status, position) values (${meetingId}, ${id}, ${TEST_PAIR_ID}, ${text}, 'aios', null, ${status}, 0)`,
  );
}

const texts = async (beforeMeetingId?: string) => (await openAgreementsView(server.services.db, TEST_PAIR_ID, beforeMeetingId)).map((a) => a.text);

describe("previous agreements", () => {
  it("are those of earlier meetings only, by scheduled time, also when a later one was planned first", async () => {
    server = await startTestServer();
    // Planned in another order than they take place: the 8 December meeting was made first.
    await insertMeetingRow("dec-08", "2026-12-08T13:00", "2026-11-20T09:00:00.000Z");
    await insertMeetingRow("dec-03", "2026-12-03T13:00", "2026-11-21T09:00:00.000Z");
    await insertMeetingRow("dec-01", "2026-12-01T13:00", "2026-11-22T09:00:00.000Z", "afgerond");
    // Two at the same time: the one made first counts as the earlier one.
    await insertMeetingRow("dec-03-bis", "2026-12-03T13:00", "2026-11-23T09:00:00.000Z");
    await insertAgreementRow("dec-01", "a1", "Van 1 december");
    await insertAgreementRow("dec-01", "a1-done", "Al afgerond", "afgerond");
    await insertAgreementRow("dec-03", "a3", "Van 3 december");
    await insertAgreementRow("dec-08", "a8", "Van 8 december");

    expect(await texts("dec-01")).toEqual([]);
    expect(await texts("dec-03")).toEqual(["Van 1 december"]);
    expect(await texts("dec-03-bis")).toEqual(["Van 1 december", "Van 3 december"]);
    expect(await texts("dec-08")).toEqual(["Van 1 december", "Van 3 december"]);
    // Without a meeting (the dashboard): every open one.
    expect((await texts()).sort()).toEqual(["Van 1 december", "Van 3 december", "Van 8 december"]);
    // Another pair's meeting id gives nothing.
    expect(await texts("no-such-meeting")).toEqual([]);
  });

  it("Voorbereiden prepares the meeting in progress, else the first planned one from now on", async () => {
    server = await startTestServer();
    await insertMeetingRow("past-planned", "2026-11-30T13:00", "2026-11-20T09:00:00.000Z"); // never held
    await insertMeetingRow("held", "2026-12-01T09:00", "2026-11-20T09:00:00.000Z", "afgerond");
    await insertMeetingRow("next", "2026-12-03T13:00", "2026-11-21T09:00:00.000Z");
    await insertMeetingRow("after", "2026-12-08T13:00", "2026-11-19T09:00:00.000Z");
    const now = new Date("2026-12-01T12:00:00.000Z"); // 13:00 in Amsterdam
    expect((await nextMeetingOf(server.services.db, TEST_PAIR_ID, now))?.id).toBe("next");
    await sqlRun(server.services.db, sql`update meetings set status = 'bezig' where id = 'after'`);
    expect((await nextMeetingOf(server.services.db, TEST_PAIR_ID, now))?.id).toBe("after");
    expect(await nextMeetingOf(server.services.db, TEST_PAIR_ID, new Date("2027-01-01T00:00:00Z"))).toMatchObject({ id: "after" });
    await sqlRun(server.services.db, sql`update meetings set status = 'afgerond'`);
    expect(await nextMeetingOf(server.services.db, TEST_PAIR_ID, now)).toBeNull();
  });
});
