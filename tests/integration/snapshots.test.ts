import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { JSONContent } from "@tiptap/core";
import { io as connectSocketIo, type Socket } from "socket.io-client";
import { connectClient, eventually, startTestServer, type TestClient } from "../support/test-server";
import { memberCookie, seedMeeting, TEST_USERS } from "../support/test-access";
import { sql, sqlRow, sqlRows } from "../support/test-database";
import type { KoersServer } from "../../server/koers-server";
import { MeetingField, meetingDocName } from "../../app/collab/protocol";
import { fillEmptyField } from "../../app/editor/write-fields";
import { readTextBlocks } from "../../app/editor/read-fields";
import { LiveEvent, type CommandReply } from "../../app/live/events";
import { listVersions, readVersion, saveManualVersion } from "../../app/history/versions.server";
import { diffVersions } from "../../app/history/diff-versions";
import { restoreVersion } from "../../app/history/restore.server";

// Issue #6: full snapshots of a meeting's document at set moments, read back and restored.

let server: KoersServer;
const clients: TestClient[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
});

function snapshotRows(meetingId: string) {
  return sqlRows<{ id: number; reason: string; label: string | null; taken_by: string | null }>(
    server.services.db,
    sql`select id, reason, label, taken_by from snapshots where meeting_id = ${meetingId} order by id`,
  );
}
const reasons = async (meetingId: string) => (await snapshotRows(meetingId)).map((r) => r.reason);

async function open(meetingId: string, role: "aios" | "opleider" = "aios"): Promise<TestClient> {
  const client = connectClient(server, meetingDocName(meetingId), role);
  clients.push(client);
  await client.synced;
  return client;
}

function leave(client: TestClient): void {
  clients.splice(clients.indexOf(client), 1);
  client.destroy();
}

const paragraphs = (...texts: string[]): JSONContent => ({ type: "doc", content: texts.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })) });

/** Replaces a field's content the way an editor would end up: everything deleted, new blocks in. */
function setField(doc: Y.Doc, field: string, content: JSONContent): void {
  doc.transact(() => {
    const fragment = doc.getXmlFragment(field);
    fragment.delete(0, fragment.length);
    fillEmptyField(doc, field, content);
  });
}

function agenda(...titles: string[]): JSONContent {
  return { type: "doc", content: titles.map((title, i) => ({ type: "agendaItem", attrs: { id: `item-${i}-${title}` }, content: [{ type: "text", text: title }] })) };
}

function agreement(id: string, text: string, followUpDate: string): JSONContent {
  return { type: "doc", content: [{ type: "agreement", attrs: { id, owner: "aios", followUpDate, status: "open" }, content: [{ type: "text", text }] }] };
}

const notesOf = (doc: Y.Doc) => readTextBlocks(doc, MeetingField.notes).map((b) => b.text);

describe("snapshots of a meeting's document", () => {
  it("takes one every interval while the document is edited, and none while it is unchanged", async () => {
    server = await startTestServer(undefined, 0, { snapshotIntervalMs: 150 });
    const aios = await open("m-interval");
    setField(aios.doc, MeetingField.notes, paragraphs("Eerste punt"));
    await eventually(async () => expect(await reasons("m-interval")).toEqual(["interval"]));

    await new Promise((r) => setTimeout(r, 500)); // three more ticks without edits
    expect(await reasons("m-interval")).toEqual(["interval"]);

    setField(aios.doc, MeetingField.notes, paragraphs("Eerste punt", "Tweede punt"));
    await eventually(async () => expect(await reasons("m-interval")).toEqual(["interval", "interval"]));
    const [, second] = await listVersions(server.services.db, "m-interval");
    const latest = await listVersions(server.services.db, "m-interval");
    expect(latest[0]!.reason).toBe("interval"); // newest first
    expect(second!.takenBy).toBeNull(); // the server's own
    const read = await readVersion(server.services, "m-interval", latest[0]!.id);
    expect(read!.content.notes.map((b) => b.text)).toEqual(["Eerste punt", "Tweede punt"]);
  });

  it("takes one when the last participant leaves, and not again when nothing changed", async () => {
    server = await startTestServer();
    const aios = await open("m-left");
    const opleider = await open("m-left", "opleider");
    setField(aios.doc, MeetingField.notes, paragraphs("Samen besproken"));
    await eventually(() => expect(notesOf(opleider.doc)).toEqual(["Samen besproken"]));

    leave(aios);
    await new Promise((r) => setTimeout(r, 200));
    expect(await reasons("m-left")).toEqual([]); // the opleider is still there
    leave(opleider);
    await eventually(async () => expect(await reasons("m-left")).toEqual(["lastLeft"]));
    const [version] = await listVersions(server.services.db, "m-left");
    expect((await readVersion(server.services, "m-left", version!.id))!.content.notes).toEqual([{ kind: "paragraph", text: "Samen besproken" }]);

    // Opened and left again without a change: nothing new to keep.
    const again = await open("m-left");
    expect(notesOf(again.doc)).toEqual(["Samen besproken"]);
    leave(again);
    await eventually(() => expect(server.collab.openDocumentCount).toBe(0));
    expect(await reasons("m-left")).toEqual(["lastLeft"]);

    // A deletion alone (no new text) is a change too.
    const editor = await open("m-left");
    editor.doc.getXmlFragment(MeetingField.notes).delete(0, 1);
    await eventually(async () => expect(await server.services.readDocument(meetingDocName("m-left"), notesOf)).toEqual([]));
    leave(editor);
    await eventually(async () => expect(await reasons("m-left")).toEqual(["lastLeft", "lastLeft"]));
  });

  it("takes one when the aios ends the meeting with the lead command", async () => {
    server = await startTestServer();
    const aios = await open("m-end");
    setField(aios.doc, MeetingField.agenda, agenda("Casus SOLK"));
    const socket = connectSocketIo(`http://127.0.0.1:${server.port}`, {
      transports: ["websocket"],
      extraHeaders: { cookie: memberCookie(server, "none", "aios") },
      reconnection: false,
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    const send = (event: string, payload: unknown) => socket.timeout(5000).emitWithAck(event, payload) as Promise<CommandReply>;
    expect(await send(LiveEvent.presenceJoin, { meetingId: "m-end" })).toEqual({ ok: true });
    expect(await send(LiveEvent.leadCommand, { meetingId: "m-end", command: "start" })).toEqual({ ok: true });
    expect(await reasons("m-end")).toEqual([]);
    expect(await send(LiveEvent.leadCommand, { meetingId: "m-end", command: "end" })).toEqual({ ok: true });

    await eventually(async () => expect(await reasons("m-end")).toEqual(["meetingEnded"]));
    const rows = await snapshotRows("m-end");
    expect(rows).toMatchObject([{ reason: "meetingEnded", taken_by: TEST_USERS.aios.id }]);
    const version = await readVersion(server.services, "m-end", rows[0]!.id);
    expect(version!.content.agenda.map((a) => a.title)).toEqual(["Casus SOLK"]);
    // A refused end (already ended) takes none.
    expect(await send(LiveEvent.leadCommand, { meetingId: "m-end", command: "end" })).toEqual({ ok: false, error: "invalidState" });
    expect(await reasons("m-end")).toEqual(["meetingEnded"]);
  });

  it("takes one on demand with a label and the name of who saved it", async () => {
    server = await startTestServer();
    const aios = await open("m-manual");
    setField(aios.doc, MeetingField.notes, paragraphs("Voor de versie"));
    await eventually(async () => expect(await server.services.readDocument(meetingDocName("m-manual"), notesOf)).toEqual(["Voor de versie"]));

    const taken = await server.services.takeSnapshot("m-manual", "manual", { userId: TEST_USERS.opleider.id, label: "Na de casus" });
    const versions = await listVersions(server.services.db, "m-manual");
    expect(versions).toEqual([
      { id: taken.id, meetingId: "m-manual", takenAt: taken.takenAt, reason: "manual", label: "Na de casus", takenBy: { id: TEST_USERS.opleider.id, name: TEST_USERS.opleider.name } },
    ]);
    // "Versie opslaan" through the page's function: only members of the pair, and only after a change.
    setField(aios.doc, MeetingField.notes, paragraphs("Voor de versie", "Na de casus"));
    await eventually(async () => expect(await server.services.readDocument(meetingDocName("m-manual"), notesOf)).toHaveLength(2));
    expect(await saveManualVersion(server.services, "m-manual", "not-a-member", "Poging")).toEqual({ ok: false, problem: "forbidden" });
    const saved = await saveManualVersion(server.services, "m-manual", TEST_USERS.aios.id, "  Einde  ");
    expect(saved.ok).toBe(true);
    expect((await listVersions(server.services.db, "m-manual"))[0]).toMatchObject({ id: saved.ok && saved.id, label: "Einde", takenBy: { id: TEST_USERS.aios.id } });
    // Another meeting's version is not readable through this one.
    await seedMeeting(server, meetingDocName("m-other"));
    expect(await readVersion(server.services, "m-other", taken.id)).toBeNull();
  });

  it("restores an old version as a new change that connected clients see, keeping the version from before the restore", async () => {
    server = await startTestServer();
    const aios = await open("m-restore");
    const opleider = await open("m-restore", "opleider");
    setField(aios.doc, MeetingField.agenda, agenda("Casus", "Rooster"));
    setField(aios.doc, MeetingField.notes, paragraphs("Oud punt", "Blijft staan"));
    setField(aios.doc, MeetingField.agreements, agreement("agr-1", "Richtlijn lezen", "2026-12-08"));
    await eventually(() => expect(notesOf(opleider.doc)).toEqual(["Oud punt", "Blijft staan"]));
    const old = await server.services.takeSnapshot("m-restore", "manual", { userId: TEST_USERS.aios.id, label: "Voor de wijziging" });

    // The aios reorders the agenda (only the aios moves items); the opleider edits notes and agreements.
    setField(aios.doc, MeetingField.agenda, agenda("Casus", "Nieuw onderwerp"));
    setField(opleider.doc, MeetingField.notes, paragraphs("Nieuw punt", "Blijft staan"));
    setField(opleider.doc, MeetingField.agreements, agreement("agr-1", "Richtlijn lezen", "2026-12-15"));
    await eventually(() => expect(notesOf(aios.doc)).toEqual(["Nieuw punt", "Blijft staan"]));

    const result = await restoreVersion(server.services, "m-restore", old.id, TEST_USERS.opleider.id);
    expect(result.ok).toBe(true);
    if (!result.ok) return;

    // Both connected clients see the old content, live.
    for (const client of [aios, opleider]) {
      await eventually(() => expect(notesOf(client.doc)).toEqual(["Oud punt", "Blijft staan"]));
      const agreements = client.doc.getXmlFragment(MeetingField.agreements).toArray() as Y.XmlElement[];
      expect(agreements.map((a) => a.getAttribute("followUpDate"))).toEqual(["2026-12-08"]);
    }
    expect(readTextBlocks(aios.doc, MeetingField.agenda).map((b) => b.text)).toEqual(["Casus", "Rooster"]);

    // Nothing is lost: the state before the restore is a version of its own, and the old one stays.
    const versions = await listVersions(server.services.db, "m-restore");
    expect(versions.map((v) => v.reason)).toEqual(["beforeRestore", "manual"]);
    expect(versions[0]).toMatchObject({ id: result.beforeRestoreId, takenBy: { id: TEST_USERS.opleider.id } });
    const before = await readVersion(server.services, "m-restore", result.beforeRestoreId);
    const restored = await readVersion(server.services, "m-restore", old.id);
    expect(before!.content.notes.map((b) => b.text)).toEqual(["Nieuw punt", "Blijft staan"]);
    expect(restored!.content.notes.map((b) => b.text)).toEqual(["Oud punt", "Blijft staan"]);

    // The diff says, block by block, what the restore undid.
    const diff = diffVersions(before!.content, restored!.content);
    expect(diff.changed).toBe(true);
    expect(diff.notes.map((c) => c.status)).toEqual(["changed", "unchanged"]);
    expect(diff.agenda.map((c) => [c.status, c.before?.title ?? c.after?.title])).toEqual([
      ["unchanged", "Casus"],
      ["removed", "Nieuw onderwerp"],
      ["added", "Rooster"],
    ]);
    expect(diff.agreements).toMatchObject([{ status: "changed", before: { followUpDate: "2026-12-15" }, after: { followUpDate: "2026-12-08" } }]);
    expect(diffVersions(restored!.content, restored!.content).changed).toBe(false);

    // The agreements table follows the restored document.
    await eventually(async () =>
      expect(await sqlRow(server.services.db, sql`select follow_up_date from agreements where id = 'agr-1'`)).toEqual({ follow_up_date: "2026-12-08" }),
    );
    // A version of another meeting is refused.
    expect(await restoreVersion(server.services, "m-elsewhere", old.id, TEST_USERS.aios.id)).toEqual({ ok: false, problem: "unknownVersion" });
  });
});
