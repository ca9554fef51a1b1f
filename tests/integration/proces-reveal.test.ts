import { afterEach, describe, expect, it } from "vitest";
import { connectClient, eventually, startTestServer, type TestClient } from "../support/test-server";
import { memberCookie, TEST_USERS } from "../support/test-access";
import { MeetingField, meetingDocName, privateNotesDocName } from "../../app/collab/protocol";
import { fillEmptyField } from "../../app/editor/write-fields";
import { readTextBlocks } from "../../app/editor/read-fields";
import { PREP_FIELD } from "../../app/meetings/proces-prep";
import { revealPreparations } from "../../app/meetings/reveal-prep.server";
import { findMeeting } from "../../db/meetings";
import type { KoersServer } from "../../server/koers-server";

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
    memberCookie(server, meetingDocName(meetingId));
    server.services.sqlite.prepare("update meetings set kind = 'procesgericht' where id = ?").run(meetingId);

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
});
