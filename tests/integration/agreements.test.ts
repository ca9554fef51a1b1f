import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { connectClient, eventually, startTestServer, type TestClient } from "../support/test-server";
import { memberCookie, TEST_PAIR_ID, seedMeeting } from "../support/test-access";
import { MeetingField, meetingDocName } from "../../app/collab/protocol";
import { fillEmptyField } from "../../app/editor/write-fields";
import { reviewAgreement } from "../../app/agreements/review.server";
import { listOpenAgreements } from "../../db/agreements";
import type { KoersServer } from "../../server/koers-server";
import { sql, sqlRow, sqlRows, sqlRun } from "../support/test-database";

let server: KoersServer;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
});

function rows(id: string) {
  return sqlRows(server.services.db, sql`select * from agreements where id = ${id}`);
}

function agreementElement(doc: Y.Doc, id: string): Y.XmlElement {
  const found = doc
    .getXmlFragment(MeetingField.agreements)
    .toArray()
    .find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.getAttribute("id") === id);
  if (!found) throw new Error(`agreement ${id} not in the document`);
  return found;
}

/** Types an agreement into the document the way the editor stores it. */
function typeAgreement(client: TestClient, id: string, text: string, owner: string, followUpDate: string) {
  fillEmptyField(client.doc, MeetingField.agreements, {
    type: "doc",
    content: [{ type: "agreement", attrs: { id, owner, followUpDate, status: "open" }, content: [{ type: "text", text }] }],
  });
}

describe("the agreements table follows the meetings' documents", () => {
  it("shows a typed agreement with owner and date within a second, follows edits, and marks removals", async () => {
    server = await startTestServer();
    const docName = meetingDocName("meeting-1");
    const aios = connectClient(server, docName);
    clients.push(aios);
    await aios.synced;

    typeAgreement(aios, "agr-1", "SOLK: eerst naar de verwachting vragen", "aios", "2026-12-08");
    const typedAt = Date.now();
    await eventually(async () => expect(await rows("agr-1")).toHaveLength(1), 1000);
    expect(Date.now() - typedAt).toBeLessThan(1000);
    expect((await rows("agr-1"))[0]).toMatchObject({
      meeting_id: "meeting-1",
      pair_id: TEST_PAIR_ID,
      text: "SOLK: eerst naar de verwachting vragen",
      owner: "aios",
      follow_up_date: "2026-12-08",
      status: "open",
      removed_at: null,
    });

    // Editing the date in the document updates the table.
    agreementElement(aios.doc, "agr-1").setAttribute("followUpDate", "2026-12-15");
    await eventually(async () => expect((await rows("agr-1"))[0]!.follow_up_date).toBe("2026-12-15"), 1000);

    // Removing it from the document marks it removed; it is not forgotten.
    aios.doc.getXmlFragment(MeetingField.agreements).delete(0, 1);
    await eventually(async () => expect((await rows("agr-1"))[0]!.removed_at).not.toBeNull(), 1000);
    expect(await listOpenAgreements(server.services.db, TEST_PAIR_ID)).toEqual([]);
  });

  it("keeps up while someone keeps typing (the read is not postponed by every keystroke)", async () => {
    server = await startTestServer();
    const aios = connectClient(server, meetingDocName("meeting-typing"));
    clients.push(aios);
    await aios.synced;
    typeAgreement(aios, "agr-t", "Tijdens het typen", "samen", "2026-12-02");
    // Notes change every 50 ms for the whole check: a debounce would never fire.
    const typing = setInterval(() => aios.doc.getText("scratch").insert(0, "x"), 50);
    try {
      await eventually(async () => expect(await rows("agr-t")).toHaveLength(1), 1000);
    } finally {
      clearInterval(typing);
    }
  });

  it("marking it afgerond from the next meeting's review changes both the table and the earlier document, live", async () => {
    server = await startTestServer();
    const first = connectClient(server, meetingDocName("meeting-1"));
    clients.push(first);
    await first.synced;
    await seedMeeting(server, meetingDocName("meeting-2")); // the next meeting exists
    typeAgreement(first, "agr-2", "Opleider regelt een observatie", "opleider", "2026-12-01");
    await eventually(async () => expect(await rows("agr-2")).toHaveLength(1), 1000);

    const open = await listOpenAgreements(server.services.db, TEST_PAIR_ID, "meeting-2");
    expect(open.map((a) => a.id)).toEqual(["agr-2"]);

    const result = await reviewAgreement(
      server.services,
      { pairId: TEST_PAIR_ID, role: "opleider", currentMeetingId: "meeting-2" },
      { intent: "afgerond", agreementMeetingId: "meeting-1", agreementId: "agr-2" },
    );
    expect(result).toEqual({ ok: true });
    expect((await rows("agr-2"))[0]!.status).toBe("afgerond");
    // The person who still has meeting 1 open sees it change.
    await eventually(() => expect(agreementElement(first.doc, "agr-2").getAttribute("status")).toBe("afgerond"), 1000);
    expect(await listOpenAgreements(server.services.db, TEST_PAIR_ID, "meeting-2")).toEqual([]);

    // And it stays so: the indexer reading the document agrees with the table.
    await new Promise((r) => setTimeout(r, 500));
    expect((await rows("agr-2"))[0]!.status).toBe("afgerond");
  });

  it("puts an earlier agreement on the next meeting's agenda once, and changes a closed document too", async () => {
    server = await startTestServer();
    const first = connectClient(server, meetingDocName("meeting-a"));
    clients.push(first);
    await first.synced;
    typeAgreement(first, "agr-3", "Samen een casus voorbereiden", "samen", "2026-12-03");
    await eventually(async () => expect(await rows("agr-3")).toHaveLength(1), 1000);
    first.destroy(); // nobody has meeting A open any more
    clients.pop();
    await seedMeeting(server, meetingDocName("meeting-b"));

    const context = { pairId: TEST_PAIR_ID, role: "aios" as const, currentMeetingId: "meeting-b" };
    const onAgenda = { intent: "onAgenda" as const, agreementMeetingId: "meeting-a", agreementId: "agr-3" };
    expect(await reviewAgreement(server.services, context, onAgenda)).toEqual({ ok: true });
    expect(await reviewAgreement(server.services, context, onAgenda)).toEqual({ ok: true });
    const second = connectClient(server, meetingDocName("meeting-b"));
    clients.push(second);
    await second.synced;
    const agenda = second.doc.getXmlFragment(MeetingField.agenda).toArray() as Y.XmlElement[];
    expect(agenda).toHaveLength(1);
    expect(agenda[0]!.getAttribute("agreementId")).toBe("agr-3");
    expect(agenda[0]!.toString()).toContain("Afspraak: Samen een casus voorbereiden");

    // Once meeting B has ended its agenda no longer changes, whatever the page shows.
    await sqlRun(server.services.db, sql`update meetings set status = 'afgerond' where id = 'meeting-b'`);
    const onAnotherAgenda = { ...onAgenda, agreementId: "agr-3" };
    expect(await reviewAgreement(server.services, context, onAnotherAgenda)).toEqual({ ok: false, problem: "meetingClosed" });
    await sqlRun(server.services.db, sql`update meetings set status = 'gepland' where id = 'meeting-b'`);

    const newDate = { intent: "newDate" as const, agreementMeetingId: "meeting-a", agreementId: "agr-3", followUpDate: "2027-01-12" };
    expect(await reviewAgreement(server.services, context, newDate)).toEqual({ ok: true });
    expect((await rows("agr-3"))[0]!.follow_up_date).toBe("2027-01-12");
    const reopened = connectClient(server, meetingDocName("meeting-a"));
    clients.push(reopened);
    await reopened.synced;
    expect(agreementElement(reopened.doc, "agr-3").getAttribute("followUpDate")).toBe("2027-01-12");
  });

  it("refuses an agreement of another pair", async () => {
    server = await startTestServer();
    const result = await reviewAgreement(
      server.services,
      { pairId: "another-pair", role: "aios", currentMeetingId: null },
      { intent: "afgerond", agreementMeetingId: "meeting-1", agreementId: "nope" },
    );
    expect(result).toEqual({ ok: false, problem: "unknownAgreement" });
  });
});
