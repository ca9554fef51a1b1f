import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import type { KoersServer } from "../../server/koers-server";
import { eventually, startTestKoers, withHeaders } from "../support/test-server";
import { ask, asHtml, connected, getPage, liveSocket, postForm, signUpDirectly, type TestPerson } from "../support/http-session";
import { confirmMeetingReport, docRowCount, seedEndedMeeting, seedPair, writePrivateNotes, type SeededMeeting } from "../support/your-data-fixtures";
import { CloseCode, MeetingField, YJS_PATH, meetingDocName, privateNotesDocName } from "../../app/collab/protocol";
import { readTextBlocks } from "../../app/editor/read-fields";
import { saveManualVersion } from "../../app/history/versions.server";
import { LiveEvent } from "../../app/live/events";
import { setOptOut } from "../../db/mail-settings";
import { queueMail } from "../../app/mail/mail-queue.server";
import { SWEEP_AFTER_MS } from "../../app/account/erasure.server";
import { foreignKeyViolations, sqlRow, sqlRows, sqlRun, sqlText, tempDatabase, TEST_DIALECT } from "../support/test-database";
import { ERASED_ACCOUNT_ID } from "../../db/erased-account";

// Issue #19, "Account verwijderen": after the password, the account, its sessions (and their
// open connections), its private notes and its personal data are deleted; what the person
// wrote in a shared meeting stays for the partner, attributed to "verwijderd account"; a pair
// with nobody left is deleted whole.

let server: KoersServer;
const databaseLocation = tempDatabase();
let aios: TestPerson;
let opleider: TestPerson;
let loner: TestPerson;
let shared: SeededMeeting;
let lonely: SeededMeeting;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  server = await startTestKoers({ remix: "production", database: databaseLocation });
  aios = await signUpDirectly(server, "Erika Wisselaar");
  opleider = await signUpDirectly(server, "Bram Opleider");
  loner = await signUpDirectly(server, "Lotte Alleen");
  await seedPair(server, { id: "pair-shared", practice: "Praktijk Het Anker", aiosId: aios.id, opleiderId: opleider.id });
  // The aios also has a pair of her own that nobody else joined: it goes whole.
  await seedPair(server, { id: "pair-alone", practice: "Praktijk Zonder Partner", aiosId: aios.id });

  shared = await seedEndedMeeting(server, { id: "meeting-shared", pairId: "pair-shared", createdBy: aios.id, marker: "GEDEELD-VAN-ERIKA" });
  await saveManualVersion(server.services, shared.id, aios.id, "Versie van Erika");
  await confirmMeetingReport(server, shared.id, aios.id, opleider.id);
  await writePrivateNotes(server, shared.id, aios.id, "ERIKA-PRIVE-NOTITIE");
  await writePrivateNotes(server, shared.id, opleider.id, "BRAM-PRIVE-NOTITIE");
  lonely = await seedEndedMeeting(server, { id: "meeting-alone", pairId: "pair-alone", createdBy: aios.id, marker: "ALLEEN-VAN-ERIKA" });
  await writePrivateNotes(server, lonely.id, aios.id, "ERIKA-PRIVE-ALLEEN");

  // Her address has a switch-off, a mail waiting, and her meeting was opened.
  await setOptOut(server.services.db, aios.email, "weeklyDigest", true);
  await queueMail(server.services, { kind: "signupAttempt", to: aios.email, payload: {}, runAt: new Date(Date.now() + 3600_000) });
  expect((await getPage(server, `/meetings/${shared.id}`, aios.cookie)).status).toBe(200);
}, 60_000);

afterAll(async () => {
  for (const c of cleanups.splice(0)) c();
  await server?.close();
});

function openDoc(docName: string, cookie: string): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${YJS_PATH}/${docName}`, { headers: { Cookie: cookie } });
  cleanups.push(() => ws.terminate());
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

async function count(sql: string, ...params: unknown[]): Promise<number> {
  return ((await sqlRow(server.services.db, sqlText(sql, ...params))) as { n: number }).n;
}

describe("Account verwijderen", () => {
  it("explains what is deleted and what stays, pair by pair", async () => {
    const page = await (await getPage(server, "/account", aios.cookie)).text();
    expect(page).toContain("Account verwijderen");
    expect(page).toContain(asHtml("Praktijk Het Anker: 1 gesprek blijft voor Bram Opleider."));
    expect(page).toContain(asHtml("Praktijk Zonder Partner: er is geen partner, dus dit koppel wordt met al zijn gesprekken verwijderd."));
    expect(page).toContain(asHtml('staat "verwijderd account"'));
  });

  it("refuses without the right password or without the tick, and keeps everything", async () => {
    const wrong = await postForm(server, "/account", { intent: "eraseAccount", erasePassword: "niet-het-wachtwoord", understand: "yes" }, aios.cookie);
    expect(wrong.status).toBe(200);
    expect(await wrong.text()).toContain("Dat wachtwoord klopt niet.");
    const unticked = await postForm(server, "/account", { intent: "eraseAccount", erasePassword: aios.password }, aios.cookie);
    expect(await unticked.text()).toContain("Vink aan dat je dit begrijpt.");
    expect(await count("select count(*) as n from users where id = ?", aios.id)).toBe(1);
    expect((await getPage(server, "/account", aios.cookie)).status).toBe(200);
  });

  it("erases the account: sessions and live connections end, private notes and personal data go, the shared text stays for the partner", async () => {
    // Open on two channels while erasing: her private notes (a real y-websocket client that has
    // just typed, so the server holds them in memory) and the meeting over Yjs, the page's socket.
    const privateName = privateNotesDocName(shared.id, aios.id);
    const editor = new Y.Doc();
    const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}${YJS_PATH}`, privateName, editor, { WebSocketPolyfill: withHeaders({ Cookie: aios.cookie }), disableBc: true, connect: false });
    cleanups.push(() => provider.destroy());
    const privateClosed = new Promise<number>((resolve) => provider.on("connection-close", (event) => event && resolve(event.code)));
    const synced = new Promise<void>((resolve) => provider.once("sync", () => resolve()));
    provider.connect();
    await synced;
    editor.getXmlFragment(MeetingField.notes).insert(0, [new Y.XmlText("NET-GETYPT-DOOR-ERIKA")]);
    await eventually(async () => expect(await docRowCount(server, privateName)).toBeGreaterThan(1));
    const meetingDoc = await openDoc(meetingDocName(shared.id), aios.cookie);
    const meetingClosed = new Promise<number>((resolve) => meetingDoc.once("close", (code) => resolve(code)));
    const socket = liveSocket(server, aios.cookie);
    cleanups.push(() => socket.disconnect());
    expect(await connected(socket)).toBe("connected");
    expect(await ask(socket, LiveEvent.presenceJoin, { meetingId: shared.id })).toEqual({ ok: true });
    const socketGone = new Promise<void>((resolve) => socket.once("disconnect", () => resolve()));

    const res = await postForm(server, "/account", { intent: "eraseAccount", erasePassword: aios.password, understand: "yes" }, aios.cookie);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/account/deleted");
    expect(res.headers.get("set-cookie")).toMatch(/^koers_session=;.*Max-Age=0/);
    expect(await privateClosed).toBe(CloseCode.sessionEnded);
    provider.disconnect();
    expect(await meetingClosed).toBe(CloseCode.sessionEnded);
    await socketGone;
    expect(await (await getPage(server, "/account/deleted")).text()).toContain("Je account is verwijderd");

    // She cannot log in, and her old session opens nothing.
    const login = await postForm(server, "/login", { email: aios.email, password: aios.password });
    expect(login.status).not.toBe(302);
    expect((await getPage(server, "/account", aios.cookie)).status).toBe(302);
    expect((await getPage(server, `/meetings/${shared.id}`, aios.cookie)).status).toBe(302);

    // Her account and personal data are gone from every table.
    expect(await count("select count(*) as n from users where id = ? or email = ?", aios.id, aios.email)).toBe(0);
    expect(await count("select count(*) as n from sessions where user_id = ?", aios.id)).toBe(0);
    expect(await count("select count(*) as n from mail_opt_outs where address = ?", aios.email)).toBe(0);
    expect(await count("select count(*) as n from mail_jobs where to_address = ? or user_id = ?", aios.email, aios.id)).toBe(0);
    expect(await count("select count(*) as n from audit_log where user_id = ?", aios.id)).toBe(0);

    // Her private notes are gone, also after the connections that had them open closed (the second sweep).
    await new Promise((r) => setTimeout(r, SWEEP_AFTER_MS + 500));
    expect(await docRowCount(server, privateNotesDocName(shared.id, aios.id))).toBe(0);
    expect(await docRowCount(server, privateNotesDocName(lonely.id, aios.id))).toBe(0);
    // The partner's private notes are untouched.
    expect(await docRowCount(server, privateNotesDocName(shared.id, opleider.id))).toBeGreaterThan(0);

    // Nothing references a user that does not exist.
    expect(await foreignKeyViolations(server.services.db)).toEqual([]);
  });

  it("the partner still opens the meeting and sees her text, attributed to 'verwijderd account'", async () => {
    expect((await getPage(server, `/meetings/${shared.id}`, opleider.cookie)).status).toBe(200);
    const notes = await server.services.readDocument(meetingDocName(shared.id), (doc) => readTextBlocks(doc, MeetingField.notes).map((b) => b.text));
    expect(notes).toContain(shared.notesText);

    const print = await (await getPage(server, `/meetings/${shared.id}/print`, opleider.cookie)).text();
    expect(print).toContain(shared.notesText);
    expect(print).toContain("verwijderd account");
    expect(print).not.toContain("Erika Wisselaar");
    const markdown = await (await getPage(server, `/meetings/${shared.id}/report.md`, opleider.cookie)).text();
    expect(markdown).toContain("- **Aios:** verwijderd account");
    expect(markdown).toContain(shared.agreementText);
    const frozen = (await sqlRow(server.services.db, sqlText("select aios_name, frozen_markdown, frozen_content from reports where meeting_id = ?", shared.id))) as { aios_name: string; frozen_markdown: string; frozen_content: string };
    expect(frozen.aios_name).toBe("verwijderd account");
    expect(frozen.frozen_markdown + frozen.frozen_content).not.toContain("Erika");

    const history = await (await getPage(server, `/meetings/${shared.id}/history`, opleider.cookie)).text();
    expect(history).toContain("Versie van Erika");
    expect(history).toContain("verwijderd account");
    const opened = await (await getPage(server, `/meetings/${shared.id}/opened`, opleider.cookie)).text();
    expect(opened).toContain("verwijderd account");
    expect(opened).not.toContain("Erika Wisselaar");

    // The dashboard names the erased account, and nobody can join the pair in her place.
    const dashboard = await (await getPage(server, "/pairs/pair-shared", opleider.cookie)).text();
    expect(dashboard).toContain("verwijderd account");
    expect(await count("select count(*) as n from pair_members where pair_id = 'pair-shared' and role = 'aios' and user_id = ?", ERASED_ACCOUNT_ID)).toBe(1);
  });

  it("deletes a pair with nobody left entirely: its meetings and all their documents", async () => {
    expect(await count("select count(*) as n from pairs where id = 'pair-alone'")).toBe(0);
    expect(await count("select count(*) as n from meetings where id = ?", lonely.id)).toBe(0);
    expect(await docRowCount(server, meetingDocName(lonely.id))).toBe(0);
    expect(await count("select count(*) as n from agreements where meeting_id = ?", lonely.id)).toBe(0);
  });

  // SQLite's secure_delete zeroes what the erasure deleted; PostgreSQL has no such switch (README "Your data").
  it.skipIf(TEST_DIALECT !== "sqlite")("leaves her address and name nowhere in the database files", async () => {
    await eventually(() => {
      const path = databaseLocation;
      const bytes = Buffer.concat([fs.readFileSync(path), fs.existsSync(`${path}-wal`) ? fs.readFileSync(`${path}-wal`) : Buffer.alloc(0)]);
      expect(bytes.includes(Buffer.from(aios.email))).toBe(false);
      expect(bytes.includes(Buffer.from("Erika Wisselaar"))).toBe(false);
    });
  });

  it("deletes a pair whose second member is erased too", async () => {
    // Bram is now alone in the shared pair (with the erased account): erasing him removes it all.
    const res = await postForm(server, "/account", { intent: "eraseAccount", erasePassword: opleider.password, understand: "yes" }, opleider.cookie);
    expect(res.status).toBe(302);
    expect(await count("select count(*) as n from pairs where id = 'pair-shared'")).toBe(0);
    expect(await count("select count(*) as n from meetings where id = ?", shared.id)).toBe(0);
    expect(await count("select count(*) as n from reports where meeting_id = ?", shared.id)).toBe(0);
    expect(await count("select count(*) as n from snapshots where meeting_id = ?", shared.id)).toBe(0);
    expect(await docRowCount(server, meetingDocName(shared.id))).toBe(0);
    expect(await docRowCount(server, privateNotesDocName(shared.id, opleider.id))).toBe(0);
    expect(await foreignKeyViolations(server.services.db)).toEqual([]);
    // Someone else's account is untouched.
    expect(await count("select count(*) as n from users where id = ?", loner.id)).toBe(1);
  });
});
