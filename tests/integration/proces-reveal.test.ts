import { afterEach, describe, expect, it } from "vitest";
import { connectClient, eventually, startTestServer, type TestClient } from "../support/test-server";
import { seedMeeting, TEST_USERS } from "../support/test-access";
import { MeetingField, meetingDocName, privateNotesDocName } from "../../app/collab/protocol";
import { fillEmptyField } from "../../app/editor/write-fields";
import { readTextBlocks } from "../../app/editor/read-fields";
import * as Y from "yjs";
import { PREP_FIELD, prepTemplate } from "../../app/meetings/proces-prep";
import { buildProcesRoundContent, buildQuestionBankContent } from "../../app/meetings/templates";
import { meetingTemplate } from "../../app/meetings/kinds";
import { revealPreparations } from "../../app/meetings/reveal-prep.server";
import { findMeeting } from "../../db/meetings";
import type { KoersServer } from "../../server/koers-server";
import { sql, sqlRun } from "../support/test-database";

let server: KoersServer;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
});

const prep = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

describe("procesgericht: the aios reveals both private 3+3 preparations at once", () => {
  it("puts both into the shared notes, live, once, and only when the aios asks", async () => {
    server = await startTestServer();
    const meetingId = "proces-1";
    await seedMeeting(server, meetingDocName(meetingId));
    await sqlRun(server.services.db, sql`update meetings set kind = 'procesgericht' where id = ${meetingId}`);

    const aiosPrep = connectClient(server, privateNotesDocName(meetingId, TEST_USERS.aios.id), "aios");
    const opleiderPrep = connectClient(server, privateNotesDocName(meetingId, TEST_USERS.opleider.id), "opleider");
    const shared = connectClient(server, meetingDocName(meetingId), "opleider");
    clients.push(aiosPrep, opleiderPrep, shared);
    await Promise.all([aiosPrep.synced, opleiderPrep.synced, shared.synced]);
    fillEmptyField(aiosPrep.doc, PREP_FIELD, prep("Goed: ik vraag door bij de hulpvraag"));
    fillEmptyField(opleiderPrep.doc, PREP_FIELD, prep("Beter: ik geef te snel de oplossing"));
    // Both preparations are stored on the server before the reveal reads them.
    for (const [userId, text] of [[TEST_USERS.aios.id, "Goed:"], [TEST_USERS.opleider.id, "Beter:"]] as const) {
      await eventually(async () =>
        expect(await server.services.readDocument(privateNotesDocName(meetingId, userId), (d) => readTextBlocks(d, PREP_FIELD).map((b) => b.text).join())).toContain(text),
      );
    }

    const meeting = (await findMeeting(server.services.db, meetingId))!;
    // Before the reveal the shared notes hold neither.
    expect(readTextBlocks(shared.doc, MeetingField.notes)).toEqual([]);
    expect(await revealPreparations(server.services, meeting, "opleider")).toEqual({ ok: false, problem: "onlyAios" });

    expect(await revealPreparations(server.services, meeting, "aios")).toEqual({ ok: true });
    await eventually(() => {
      const text = readTextBlocks(shared.doc, MeetingField.notes).map((b) => b.text);
      expect(text).toContain("Goed: ik vraag door bij de hulpvraag");
      expect(text).toContain("Beter: ik geef te snel de oplossing");
      expect(text).toContain("Aios (Test Aios)");
      expect(text).toContain("Opleider (Test Opleider)");
    });
    expect(await revealPreparations(server.services, meeting, "aios")).toEqual({ ok: false, problem: "alreadyRevealed" });
  });

  it("fills the template's sections, each side under its name, instead of adding sections of its own", async () => {
    server = await startTestServer();
    const meetingId = "proces-2";
    await seedMeeting(server, meetingDocName(meetingId));
    await sqlRun(server.services.db, sql`update meetings set kind = 'procesgericht' where id = ${meetingId}`);
    const shared = connectClient(server, meetingDocName(meetingId), "aios");
    const aiosPrep = connectClient(server, privateNotesDocName(meetingId, TEST_USERS.aios.id), "aios");
    const opleiderPrep = connectClient(server, privateNotesDocName(meetingId, TEST_USERS.opleider.id), "opleider");
    clients.push(shared, aiosPrep, opleiderPrep);
    await Promise.all([shared.synced, aiosPrep.synced, opleiderPrep.synced]);
    // The notes as a new procesgericht meeting starts them: the question bank, then the fill-in.
    fillEmptyField(shared.doc, MeetingField.notes, { type: "doc", content: [...buildQuestionBankContent(meetingTemplate("procesgericht").questionBank), ...buildProcesRoundContent()] });
    const filled = (goed: string[], beter: string[]) => {
      const list = (items: string[]) => ({ type: "bulletList", content: items.map((text) => ({ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text }] }] })) });
      const doc = prepTemplate();
      return { type: "doc", content: [doc.content![0]!, list(goed), doc.content![2]!, list(beter)] };
    };
    fillEmptyField(aiosPrep.doc, PREP_FIELD, filled(["A goed 1", "A goed 2", "A goed 3"], ["A beter 1", "A beter 2", "A beter 3"]));
    fillEmptyField(opleiderPrep.doc, PREP_FIELD, filled(["O goed 1", "O goed 2", "O goed 3"], ["O beter 1", "O beter 2", "O beter 3"]));
    for (const userId of [TEST_USERS.aios.id, TEST_USERS.opleider.id]) {
      await eventually(async () => expect(await server.services.readDocument(privateNotesDocName(meetingId, userId), (d) => readTextBlocks(d, PREP_FIELD))).toHaveLength(8));
    }
    await eventually(async () => expect(await server.services.readDocument(meetingDocName(meetingId), (d) => readTextBlocks(d, MeetingField.notes).length)).toBeGreaterThan(10));
    const headingsBefore = readTextBlocks(shared.doc, MeetingField.notes).filter((b) => b.kind === "heading").length;

    expect(await revealPreparations(server.services, (await findMeeting(server.services.db, meetingId))!, "aios")).toEqual({ ok: true });
    await eventually(() => expect(readTextBlocks(shared.doc, MeetingField.notes).map((b) => b.text)).toContain("O beter 3"));
    const blocks = readTextBlocks(shared.doc, MeetingField.notes);
    const text = blocks.map((b) => b.text);
    // "Wat gaat goed" once; under it the aios's three, then the opleider's three; likewise "Wat kan beter".
    expect(text.filter((t) => t === "Wat gaat goed")).toHaveLength(1);
    expect(text.filter((t) => t === "Wat kan beter")).toHaveLength(1);
    expect(blocks.filter((b) => b.kind === "heading")).toHaveLength(headingsBefore);
    const from = text.indexOf("Wat gaat goed");
    expect(text.slice(from, from + 18)).toEqual([
      "Wat gaat goed",
      "Aios (Test Aios)",
      "A goed 1",
      "A goed 2",
      "A goed 3",
      "Opleider (Test Opleider)",
      "O goed 1",
      "O goed 2",
      "O goed 3",
      "Wat kan beter",
      "Aios (Test Aios)",
      "A beter 1",
      "A beter 2",
      "A beter 3",
      "Opleider (Test Opleider)",
      "O beter 1",
      "O beter 2",
      "O beter 3",
    ]);
    // The template's empty bullets gave way: each side's list holds just its three points.
    const lists = shared.doc.getXmlFragment(MeetingField.notes).toArray().filter((n) => n instanceof Y.XmlElement && n.nodeName === "bulletList") as Y.XmlElement[];
    expect(lists.slice(-4).map((l) => l.length)).toEqual([3, 3, 3, 3]);
    expect(await revealPreparations(server.services, (await findMeeting(server.services.db, meetingId))!, "aios")).toEqual({ ok: false, problem: "alreadyRevealed" });
  });
});
