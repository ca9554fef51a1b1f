import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { JSONContent } from "@tiptap/core";
import { connectClient, eventually, startTestServer, tempDatabase, type TestClient } from "../support/test-server";
import { memberCookie, seedMeeting, TEST_USERS } from "../support/test-access";
import { readStoredDocumentFrom, sql, sqlRow, sqlRun } from "../support/test-database";
import type { KoersServer } from "../../server/koers-server";
import { ReadOnlyDocumentError } from "../../server/collab/extensions/read-only-documents";
import { CloseCode, MeetingField, meetingDocName } from "../../app/collab/protocol";
import { fillEmptyField } from "../../app/editor/write-fields";
import { readTextBlocks } from "../../app/editor/read-fields";
import { confirmReport, getReport, prefillReport, readReportData, sendBack, submitReport } from "../../app/reports/reports.server";
import { reportMarkdown } from "../../app/reports/report-markdown";
import { exportAiosArchive } from "../../app/reports/aios-archive.server";
import { listVersions } from "../../app/history/versions.server";
import { restoreVersion } from "../../app/history/restore.server";
import { reviewAgreement } from "../../app/agreements/review.server";
import { TEST_PAIR_ID } from "../support/test-access";
import { io as connectSocketIo } from "socket.io-client";
import { LiveEvent, type CommandReply } from "../../app/live/events";

// Issue #6: the report (verslag): a draft from the meeting, submit / send back / confirm by
// role, and after confirmation a read-only document.

const servers: KoersServer[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close();
});

async function start(databasePath?: string): Promise<KoersServer> {
  const server = await startTestServer(databasePath);
  servers.push(server);
  return server;
}

async function open(server: KoersServer, meetingId: string, role: "aios" | "opleider" = "aios"): Promise<TestClient> {
  const client = connectClient(server, meetingDocName(meetingId), role);
  clients.push(client);
  await client.synced;
  return client;
}

/** A meeting of the test pair that took place: 13:00–13:50 on 24 November 2026 (Amsterdam). */
async function endedMeeting(server: KoersServer, meetingId: string): Promise<void> {
  await seedMeeting(server, meetingDocName(meetingId));
  await sqlRun(server.services.db, sql`update meetings set status = 'afgerond', started_at = '2026-11-24T12:00:00.000Z', ended_at = '2026-11-24T12:50:00.000Z' where id = ${meetingId}`);
}

/** The meeting's agenda, notes and agreements, as the editors would write them. */
function typeMeeting(doc: Y.Doc): void {
  fillEmptyField(doc, MeetingField.agenda, {
    type: "doc",
    content: [
      { type: "agendaItem", attrs: { id: "item-1", done: true }, content: [{ type: "text", text: "Consult met SOLK-klachten" }] },
      { type: "agendaItem", attrs: { id: "item-2" }, content: [{ type: "text", text: "Planning ANW-diensten" }] },
    ],
  });
  fillEmptyField(doc, MeetingField.notes, {
    type: "doc",
    content: [
      // The question bank as the template put it: prompts nobody answered.
      { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Vragen voor het taakgericht leergesprek" }] },
      { type: "heading", attrs: { level: 3 }, content: [{ type: "text", text: "Coachende vragen" }] },
      { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "Wat was de hulpvraag van de patiënt?" }] }] }] },
      // The heading the aios's lead gave the notes for item 1, and what was written under it.
      { type: "heading", attrs: { level: 2, agendaItemId: "item-1" }, content: [{ type: "text", text: "Consult met SOLK-klachten" }] },
      { type: "paragraph", content: [{ type: "text", text: "Eerst de verwachting van de patiënt uitvragen" }] },
    ],
  });
  fillEmptyField(doc, MeetingField.agreements, {
    type: "doc",
    content: [
      { type: "agreement", attrs: { id: "agr-1", owner: "aios", followUpDate: "2026-12-08", status: "open" }, content: [{ type: "text", text: "NHG-standaard SOLK lezen" }] },
      { type: "agreement", attrs: { id: "agr-2", owner: "opleider", followUpDate: null, status: "open" }, content: [{ type: "text", text: "Observatie inplannen" }] },
    ],
  });
}

const reportText = (doc: Y.Doc) => readTextBlocks(doc, MeetingField.report).map((b) => b.text);
const aios = TEST_USERS.aios.id;
const opleider = TEST_USERS.opleider.id;

/** The document as stored (compacted state + log), loaded into a fresh doc and encoded. */
async function storedState(server: KoersServer, docName: string): Promise<{ lastUpdateId: number; state: Uint8Array }> {
  const stored = await readStoredDocumentFrom(server.services.db, docName);
  const doc = new Y.Doc();
  if (stored.state) Y.applyUpdate(doc, stored.state);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  // The newest log row, also once a compaction has covered (and deleted) it.
  return { lastUpdateId: Math.max(stored.throughUpdateId, ...stored.updateIds), state };
}

describe("the report (verslag)", () => {
  it("is prefilled with the notes per agenda item once the meeting has ended, without unused prompts or agreements, and only into an empty field", async () => {
    const server = await start();
    const client = await open(server, "r-prefill");
    typeMeeting(client.doc);
    expect(await prefillReport(server.services, "r-prefill")).toEqual({ ok: false, problem: "meetingNotEnded" });
    expect(await prefillReport(server.services, "r-missing")).toEqual({ ok: false, problem: "notFound" });

    await endedMeeting(server, "r-prefill");
    await eventually(async () => expect(await server.services.readDocument(meetingDocName("r-prefill"), (d) => readTextBlocks(d, MeetingField.notes).length)).toBe(5));
    expect(await prefillReport(server.services, "r-prefill")).toEqual({ ok: true, filled: true });
    // The person who has the meeting open sees the draft arrive: per item, what was written under it.
    await eventually(() =>
      expect(readTextBlocks(client.doc, MeetingField.report)).toEqual([
        { kind: "heading", text: "Consult met SOLK-klachten" },
        { kind: "paragraph", text: "Eerst de verwachting van de patiënt uitvragen" },
        { kind: "heading", text: "Planning ANW-diensten" },
      ]),
    );
    // No prompt of the question bank, no copy of the agreements (the report shows those as they are now).
    expect(reportText(client.doc).join(" ")).not.toMatch(/hulpvraag|Coachende|NHG-standaard|Besproken|Afspraken/);
    expect((await getReport(server.services, "r-prefill")).status).toBe("concept");

    // Written by the aios since: never overwritten.
    client.doc.getXmlFragment(MeetingField.report).delete(0, client.doc.getXmlFragment(MeetingField.report).length);
    fillEmptyField(client.doc, MeetingField.report, { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Mijn eigen verslag" }] }] });
    await eventually(async () => expect(await server.services.readDocument(meetingDocName("r-prefill"), reportText)).toEqual(["Mijn eigen verslag"]));
    expect(await prefillReport(server.services, "r-prefill")).toEqual({ ok: true, filled: false });
    expect(await server.services.readDocument(meetingDocName("r-prefill"), reportText)).toEqual(["Mijn eigen verslag"]);
  });

  it("is written when the aios ends the meeting, with nobody loading a page", async () => {
    const server = await start();
    const meetingId = "r-ended";
    const client = await open(server, meetingId);
    typeMeeting(client.doc);
    await eventually(async () => expect(await server.services.readDocument(meetingDocName(meetingId), (d) => readTextBlocks(d, MeetingField.notes).length)).toBe(5));
    const socket = connectSocketIo(`http://127.0.0.1:${server.port}`, { transports: ["websocket"], extraHeaders: { cookie: memberCookie(server, "none", "aios") }, reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      const send = (event: string, payload: unknown) => socket.timeout(5000).emitWithAck(event, payload) as Promise<CommandReply>;
      expect(await send(LiveEvent.presenceJoin, { meetingId })).toEqual({ ok: true });
      expect(await send(LiveEvent.leadCommand, { meetingId, command: "start" })).toEqual({ ok: true });
      expect(reportText(client.doc)).toEqual([]);
      expect(await send(LiveEvent.leadCommand, { meetingId, command: "end" })).toEqual({ ok: true });
      await eventually(() => expect(reportText(client.doc)).toEqual(["Consult met SOLK-klachten", "Eerst de verwachting van de patiënt uitvragen", "Planning ANW-diensten"]));
      expect(await sqlRow(server.services.db, sql`select status from reports where meeting_id = ${meetingId}`)).toEqual({ status: "concept" });
    } finally {
      socket.disconnect();
    }
  });

  it("moves through submit, send back, resubmit and confirm, each only by its role and in its state", async () => {
    const server = await start();
    const meetingId = "r-flow";
    await seedMeeting(server, meetingDocName(meetingId));
    // Not before the meeting ended, and not empty.
    expect(await submitReport(server.services, meetingId, aios)).toEqual({ ok: false, problem: "meetingNotEnded" });
    await endedMeeting(server, meetingId);
    expect(await submitReport(server.services, meetingId, aios)).toEqual({ ok: false, problem: "emptyReport" });
    const client = await open(server, meetingId);
    typeMeeting(client.doc);
    await eventually(async () => expect(await server.services.readDocument(meetingDocName(meetingId), (d) => readTextBlocks(d, MeetingField.agreements).length)).toBe(2));
    expect(await prefillReport(server.services, meetingId)).toEqual({ ok: true, filled: true });

    expect(await submitReport(server.services, meetingId, opleider)).toEqual({ ok: false, problem: "onlyAios" });
    expect(await submitReport(server.services, meetingId, "someone-else")).toEqual({ ok: false, problem: "forbidden" });
    expect(await confirmReport(server.services, meetingId, opleider)).toEqual({ ok: false, problem: "invalidState" });
    expect(await sendBack(server.services, meetingId, opleider, "Nog niet ingediend")).toEqual({ ok: false, problem: "invalidState" });

    expect(await submitReport(server.services, meetingId, aios)).toEqual({ ok: true });
    expect(await getReport(server.services, meetingId)).toMatchObject({ status: "ingediend", readOnly: false });
    expect(await submitReport(server.services, meetingId, aios)).toEqual({ ok: false, problem: "invalidState" });
    expect(await sendBack(server.services, meetingId, aios, "Zelf terugsturen")).toEqual({ ok: false, problem: "onlyOpleider" });
    expect(await sendBack(server.services, meetingId, opleider, "   ")).toEqual({ ok: false, problem: "commentRequired" });
    expect(await sendBack(server.services, meetingId, opleider, "Graag de reflectie op het consult toevoegen.")).toEqual({ ok: true });
    // The aios reads who sent it back by name.
    expect(await getReport(server.services, meetingId)).toMatchObject({ status: "teruggestuurd", returnComment: "Graag de reflectie op het consult toevoegen.", returnedByName: TEST_USERS.opleider.name });
    expect(await confirmReport(server.services, meetingId, opleider)).toEqual({ ok: false, problem: "invalidState" });

    expect(await submitReport(server.services, meetingId, aios)).toEqual({ ok: true });
    expect(await confirmReport(server.services, meetingId, aios)).toEqual({ ok: false, problem: "onlyOpleider" });
    expect(await confirmReport(server.services, meetingId, opleider)).toEqual({ ok: true });
    const confirmed = await getReport(server.services, meetingId);
    expect(confirmed).toMatchObject({
      status: "bevestigd",
      confirmedBy: opleider,
      aiosName: TEST_USERS.aios.name,
      opleiderName: TEST_USERS.opleider.name,
      readOnly: true,
    });
    expect(confirmed.confirmedAt).not.toBeNull();
    expect(await confirmReport(server.services, meetingId, opleider)).toEqual({ ok: false, problem: "invalidState" });
    expect(await sendBack(server.services, meetingId, opleider, "Te laat")).toEqual({ ok: false, problem: "invalidState" });
    // A version is saved at confirmation.
    expect((await listVersions(server.services.db, meetingId))[0]).toMatchObject({ reason: "manual", label: "Verslag bevestigd", takenBy: { id: opleider } });

    // The Markdown reads like a report: the header, what was discussed once, the agreements once.
    const markdown = confirmed.frozenMarkdown!;
    expect(markdown).toContain("# Verslag: Taakgericht leergesprek\n");
    expect(markdown).toContain("- **Praktijk:** Testpraktijk\n- **Opleidingsjaar:** 1\n");
    expect(markdown).toContain("- **Datum:** dinsdag 24 november 2026 om 13:00");
    expect(markdown).toContain("- **Duur:** 50 minuten");
    expect(markdown).toContain(`- **Aios:** ${TEST_USERS.aios.name}\n- **Opleider:** ${TEST_USERS.opleider.name}\n`);
    expect(markdown).toContain("## Besproken\n\n### Consult met SOLK-klachten\n\nEerst de verwachting van de patiënt uitvragen\n\n### Planning ANW-diensten\n");
    expect(markdown.match(/Besproken/g)).toHaveLength(1);
    expect(markdown.match(/Afspraken/g)).toHaveLength(1);
    expect(markdown).not.toContain("hulpvraag");
    expect(markdown).toContain("- NHG-standaard SOLK lezen — eigenaar: aios · terugkomdatum: dinsdag 8 december 2026 · status: open");
    expect(markdown).toContain("- Observatie inplannen — eigenaar: opleider · terugkomdatum: geen · status: open");
    expect(reportMarkdown((await readReportData(server.services, meetingId))!)).toBe(markdown);

    // One aios's archive holds every confirmed report.
    const archive = await exportAiosArchive(server.services, aios, new Date("2026-12-01T10:00:00Z"));
    expect(archive).toMatchObject({ reportCount: 1, filename: "koers-verslagen-test-aios-2026-12-01.md", contentType: "text/markdown; charset=utf-8" });
    expect(archive.body).toContain(markdown.trim());
    expect((await exportAiosArchive(server.services, opleider)).reportCount).toBe(0);
  });

  it("after confirmation refuses every change to the meeting's document, stores nothing, and stays so after a restart", async () => {
    const databasePath = tempDatabase();
    let server = await start(databasePath);
    const meetingId = "r-frozen";
    const docName = meetingDocName(meetingId);
    await endedMeeting(server, meetingId);
    const writer = await open(server, meetingId);
    typeMeeting(writer.doc);
    await eventually(async () => expect(await server.services.readDocument(docName, (d) => readTextBlocks(d, MeetingField.agreements).length)).toBe(2));
    const version = await server.services.takeSnapshot(meetingId, "manual", { userId: aios });
    expect(await prefillReport(server.services, meetingId)).toMatchObject({ ok: true });
    expect(await submitReport(server.services, meetingId, aios)).toEqual({ ok: true });
    expect(await confirmReport(server.services, meetingId, opleider)).toEqual({ ok: true });

    await eventually(() => expect(reportText(writer.doc).length).toBeGreaterThan(0));
    const before = await storedState(server, docName);
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      writer.provider.once("connection-close", (event) => resolve({ code: event?.code ?? 0, reason: event?.reason ?? "" })),
    );
    writer.doc.getXmlFragment(MeetingField.report).delete(0, 1);
    expect(await closed).toEqual({ code: CloseCode.readOnly, reason: "document is read-only" });
    await new Promise((r) => setTimeout(r, 200));
    const after = await storedState(server, docName);
    expect(after.lastUpdateId).toBe(before.lastUpdateId);
    expect(Buffer.from(after.state).equals(Buffer.from(before.state))).toBe(true);

    // The server's own edits are refused too, and a restore says why.
    await expect(server.services.editDocument(docName, (d) => d.getXmlFragment(MeetingField.notes).delete(0, 1))).rejects.toThrow(ReadOnlyDocumentError);
    expect(await restoreVersion(server.services, meetingId, version.id, aios)).toEqual({ ok: false, problem: "readOnly" });
    expect(await prefillReport(server.services, meetingId)).toEqual({ ok: false, problem: "readOnly" });

    // Its agreements are still reviewed in the next meeting: in the table, the document stays as agreed.
    await seedMeeting(server, meetingDocName("r-next"));
    const agreementRow = () => sqlRow(server.services.db, sql`select status, follow_up_date from agreements where meeting_id = ${meetingId} and id = 'agr-1'`);
    await eventually(async () => expect(await agreementRow()).toEqual({ status: "open", follow_up_date: "2026-12-08" }));
    const review = { pairId: TEST_PAIR_ID, role: "aios" as const, currentMeetingId: "r-next" };
    expect(await reviewAgreement(server.services, review, { intent: "afgerond", agreementMeetingId: meetingId, agreementId: "agr-1" })).toEqual({ ok: true });
    expect(await agreementRow()).toEqual({ status: "afgerond", follow_up_date: "2026-12-08" });
    expect(Buffer.from((await storedState(server, docName)).state).equals(Buffer.from(before.state))).toBe(true);
    // Its report shows the agreement as it is now, once.
    const nowMarkdown = reportMarkdown((await readReportData(server.services, meetingId))!);
    expect(nowMarkdown).toContain("- NHG-standaard SOLK lezen — eigenaar: aios · terugkomdatum: dinsdag 8 december 2026 · status: afgerond");
    expect(nowMarkdown.match(/NHG-standaard SOLK lezen/g)).toHaveLength(1);

    // Reading it together still works: a reader syncs and stays connected.
    const reader = await open(server, meetingId, "opleider");
    expect(reportText(reader.doc).length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(reader.provider.wsconnected).toBe(true);

    // After a restart the document is still read-only.
    for (const c of clients.splice(0)) c.destroy();
    servers.splice(servers.indexOf(server), 1);
    await server.close();
    server = await start(databasePath);
    expect(await server.services.isMeetingReadOnly(meetingId)).toBe(true);
    const late = await open(server, meetingId);
    const lateClosed = new Promise<number>((resolve) => late.provider.once("connection-close", (event) => resolve(event?.code ?? 0)));
    const extra: JSONContent = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Nog iets" }] }] };
    late.doc.transact(() => {
      late.doc.getXmlFragment(MeetingField.notes).delete(0, late.doc.getXmlFragment(MeetingField.notes).length);
      fillEmptyField(late.doc, MeetingField.notes, extra);
    });
    expect(await lateClosed).toBe(CloseCode.readOnly);
    await new Promise((r) => setTimeout(r, 200));
    expect(Buffer.from((await storedState(server, docName)).state).equals(Buffer.from(before.state))).toBe(true);
  });
});
