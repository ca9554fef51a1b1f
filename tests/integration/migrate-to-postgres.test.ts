import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import type { KoersServer } from "../../server/koers-server";
import { MeetingField, meetingDocName, privateNotesDocName, YJS_PATH } from "../../app/collab/protocol";
import { fillEmptyField } from "../../app/editor/write-fields";
import { queueMail } from "../../app/mail/mail-queue.server";
import { connectClient, eventually, SCRIPTED_BURST_RATE, startTestKoers, withHeaders, type TestClient } from "../support/test-server";
import { memberCookie, seedMeeting, seedTestPair, TEST_USERS } from "../support/test-access";
import { prepareTestDatabase, readStoredDocumentFrom, sql, sqlRow, tempDatabase, TEST_DIALECT } from "../support/test-database";

// `npm run migrate-to-postgres`: an installation made on SQLite (through the real server:
// typed documents with a compacted state and a log tail, private notes, a snapshot, the
// agreements table, a mail job, sessions) is copied to an empty PostgreSQL database, and
// Koers started on PostgreSQL serves all of it: the same text, the same sessions.

const servers: KoersServer[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close();
});

function migrate(sqliteFile: string, url: string) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/migrate-to-postgres.ts", sqliteFile, url], { encoding: "utf8", env: { ...process.env, KOERS_LOG: "1" } });
}

const notes = (doc: Y.Doc) => doc.getText("notes").toString();

describe.runIf(TEST_DIALECT === "postgres")("moving an installation from SQLite to PostgreSQL", () => {
  it("copies every table and document, checks them, and Koers on PostgreSQL serves them to the same sessions", async () => {
    const sqliteFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "koers-move-")), "koers.sqlite");
    const before = await startTestKoers({ database: sqliteFile, remix: "none", yjsMessageRate: SCRIPTED_BURST_RATE });
    servers.push(before);
    await seedTestPair(before);
    const meeting = meetingDocName("verhuizing");
    await seedMeeting(before, meeting);
    const aiosCookie = memberCookie(before, meeting, "aios");

    // A long log (compacted into a state as it grows) and a tail, from a client with its own Yjs id.
    const typist = connectClient(before, meeting, "aios");
    clients.push(typist);
    await typist.synced;
    for (let i = 0; i < 620; i++) typist.doc.getText("notes").insert(notes(typist.doc).length, `w${i} `);
    await before.services.editDocument(meeting, (doc) =>
      fillEmptyField(doc, MeetingField.agreements, {
        type: "doc",
        content: [{ type: "agreement", attrs: { id: "a-1", owner: "aios", followUpDate: "2026-12-15", status: "open" }, content: [{ type: "text", text: "NHG-standaard lezen" }] }],
      }),
    );
    const privateDoc = privateNotesDocName("verhuizing", TEST_USERS.aios.id);
    const own = connectClient(before, privateDoc, "aios");
    clients.push(own);
    await own.synced;
    own.doc.getText("notes").insert(0, "Alleen voor mij");
    await eventually(async () => expect(await before.services.readDocument(privateDoc, notes)).toBe("Alleen voor mij"));
    await eventually(async () => expect(await before.services.readDocument(meeting, notes)).toBe(notes(typist.doc)));
    await before.services.takeSnapshot("verhuizing", "manual", { userId: TEST_USERS.aios.id, label: "voor de verhuizing" });
    await queueMail(before.services, { kind: "signupAttempt", to: "aios@test.invalid", userId: TEST_USERS.aios.id, payload: {} });
    await eventually(async () => expect(await sqlRow(before.services.db, sql`select text from agreements where id = 'a-1'`)).toEqual({ text: "NHG-standaard lezen" }));
    const expected = notes(typist.doc);
    for (const c of clients.splice(0)) c.destroy();
    await before.close();
    servers.splice(0);

    const url = tempDatabase();
    await prepareTestDatabase(url);
    const moved = migrate(sqliteFile, url);
    expect(moved.stderr).toBe("");
    expect(moved.status).toBe(0);
    expect(moved.stdout).toMatch(/copied and checked \d+ tables in one transaction/);
    expect(moved.stdout).toMatch(/doc_updates\s+\d+ rows/);
    expect(moved.stdout).toMatch(/documents: 2 loaded through both stores, every one's Yjs state equal/);

    // Koers on PostgreSQL: the same session cookie opens the same text.
    const after = await startTestKoers({ database: url, remix: "none" });
    servers.push(after);
    const stored = await readStoredDocumentFrom(after.services.db, meeting);
    expect(stored.state).not.toBeNull(); // the compacted state came along, and the tail after it
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`ws://127.0.0.1:${after.port}${YJS_PATH}`, meeting, doc, { WebSocketPolyfill: withHeaders({ Cookie: aiosCookie }), disableBc: true });
    try {
      await new Promise<void>((resolve) => provider.once("sync", (synced: boolean) => synced && resolve()));
      expect(notes(doc)).toBe(expected);
      // New changes get new log ids, after every id SQLite gave out.
      doc.getText("notes").insert(0, "Na de verhuizing. ");
      await eventually(async () => expect(await after.services.readDocument(meeting, notes)).toBe(`Na de verhuizing. ${expected}`));
      const ids = (await readStoredDocumentFrom(after.services.db, meeting)).updateIds;
      expect(Math.max(...ids)).toBeGreaterThan(Math.max(stored.throughUpdateId, ...stored.updateIds));
    } finally {
      provider.destroy();
    }
    expect(await after.services.readDocument(privateDoc, notes)).toBe("Alleen voor mij");
    expect(await sqlRow(after.services.db, sql`select label from snapshots`)).toEqual({ label: "voor de verhuizing" });
    expect(await sqlRow(after.services.db, sql`select kind, to_address from mail_jobs`)).toEqual({ kind: "signupAttempt", to_address: "aios@test.invalid" });
    expect(await sqlRow(after.services.db, sql`select follow_up_date from agreements where id = 'a-1'`)).toEqual({ follow_up_date: "2026-12-15" });
  });

  it("refuses a database that already holds data, and a file that is not there, and changes nothing", async () => {
    const sqliteFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "koers-move-")), "koers.sqlite");
    const source = await startTestKoers({ database: sqliteFile, remix: "none" });
    await seedTestPair(source);
    await source.close();
    const url = tempDatabase();
    const used = await startTestKoers({ database: url, remix: "none" });
    servers.push(used);
    await seedTestPair(used);
    const users = await sqlRow(used.services.db, sql`select count(*) as n from users`);

    const refused = migrate(sqliteFile, url);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/NOT migrated: the PostgreSQL database is not empty \(.*users: 2 rows/);
    expect(await sqlRow(used.services.db, sql`select count(*) as n from users`)).toEqual(users);

    const missing = migrate(path.join(path.dirname(sqliteFile), "elders.sqlite"), url);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("There is no SQLite file at");
    expect(fs.existsSync(path.join(path.dirname(sqliteFile), "elders.sqlite"))).toBe(false);
  });
});
