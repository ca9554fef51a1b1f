import { afterEach, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import type { JSONContent } from "@tiptap/core";
import { connectClient, eventually, startTestServer, type TestClient } from "../support/test-server";
import { memberCookie, TEST_USERS, seedMeeting } from "../support/test-access";
import type { KoersServer } from "../../server/koers-server";
import { MeetingField, meetingDocName } from "../../app/collab/protocol";
import { fillEmptyField } from "../../app/editor/write-fields";
import { readTextBlocks } from "../../app/editor/read-fields";
import { listVersions, saveManualVersion } from "../../app/history/versions.server";
import { restoreVersion } from "../../app/history/restore.server";

// Issue #13.5 (versions): "Versie opslaan" only when something changed since the last
// version, at most one a minute per meeting, none on a confirmed meeting; each refusal says why.

let server: KoersServer;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
});

const aios = TEST_USERS.aios.id;
const opleider = TEST_USERS.opleider.id;
const notes = (...texts: string[]): JSONContent => ({ type: "doc", content: texts.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })) });

async function open(meetingId: string): Promise<TestClient> {
  const client = connectClient(server, meetingDocName(meetingId));
  clients.push(client);
  await client.synced;
  return client;
}

/** Types new notes and waits until the server holds them. */
async function typeNotes(client: TestClient, meetingId: string, ...texts: string[]): Promise<void> {
  const doc: Y.Doc = client.doc;
  doc.transact(() => {
    const fragment = doc.getXmlFragment(MeetingField.notes);
    fragment.delete(0, fragment.length);
    fillEmptyField(doc, MeetingField.notes, notes(...texts));
  });
  await eventually(async () =>
    expect(await server.services.readDocument(meetingDocName(meetingId), (d) => readTextBlocks(d, MeetingField.notes).map((b) => b.text))).toEqual(texts),
  );
}

const versionCount = async (meetingId: string) => (await listVersions(server.services.db, meetingId)).length;
const at = (iso: string) => new Date(iso);

describe("Versie opslaan", () => {
  it("saves only what changed since the newest version, one a minute, and tells why it did not", async () => {
    server = await startTestServer();
    const meetingId = "v-rules";
    await seedMeeting(server, meetingDocName(meetingId));
    const client = await open(meetingId);

    expect(await saveManualVersion(server.services, meetingId, aios, null, at("2026-11-24T12:00:00Z"))).toEqual({ ok: false, problem: "empty" });
    expect(await saveManualVersion(server.services, meetingId, "someone-else", null, at("2026-11-24T12:00:00Z"))).toEqual({ ok: false, problem: "forbidden" });

    await typeNotes(client, meetingId, "Eerste punt");
    const first = await saveManualVersion(server.services, meetingId, aios, "Begin", at("2026-11-24T12:00:00Z"));
    expect(first).toMatchObject({ ok: true });

    // Nothing changed: no copy, and the answer names the version it equals.
    const same = await saveManualVersion(server.services, meetingId, opleider, null, at("2026-11-24T12:05:00Z"));
    expect(same).toMatchObject({ ok: false, problem: "unchanged" });
    expect(same.ok === false && same.since).toBe(first.ok && first.takenAt);

    // Changed, but within the minute of the last manual version: refused with the seconds to wait.
    await typeNotes(client, meetingId, "Eerste punt", "Tweede punt");
    expect(await saveManualVersion(server.services, meetingId, opleider, null, at("2026-11-24T12:00:42Z"))).toEqual({ ok: false, problem: "tooSoon", retryInSeconds: 18 });
    expect(await versionCount(meetingId)).toBe(1);
    expect(await saveManualVersion(server.services, meetingId, opleider, "Later", at("2026-11-24T12:01:00Z"))).toMatchObject({ ok: true });
    expect(await versionCount(meetingId)).toBe(2);

    // A change undone is no change: the content is what counts, not the editing history.
    await typeNotes(client, meetingId, "Eerste punt", "Tweede punt", "Weg ermee");
    await typeNotes(client, meetingId, "Eerste punt", "Tweede punt");
    expect(await saveManualVersion(server.services, meetingId, aios, null, at("2026-11-24T12:10:00Z"))).toMatchObject({ ok: false, problem: "unchanged" });
  });

  it("of two clicks at once, saves one", async () => {
    server = await startTestServer();
    const meetingId = "v-race";
    await seedMeeting(server, meetingDocName(meetingId));
    const client = await open(meetingId);
    await typeNotes(client, meetingId, "Samen besproken");
    const now = at("2026-11-24T12:00:00Z");
    const results = await Promise.all([
      saveManualVersion(server.services, meetingId, aios, "A", now),
      saveManualVersion(server.services, meetingId, opleider, "B", now),
      saveManualVersion(server.services, meetingId, aios, "C", now),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    // The others were too soon, or (once the first was stored) saw nothing new.
    for (const r of results.filter((r) => !r.ok)) expect(["tooSoon", "unchanged"]).toContain(!r.ok && r.problem);
    expect(await versionCount(meetingId)).toBe(1);
  });

  it("saves none on a confirmed meeting, and a restore of what is already there changes nothing", async () => {
    server = await startTestServer();
    const meetingId = "v-confirmed";
    await seedMeeting(server, meetingDocName(meetingId));
    const client = await open(meetingId);
    await typeNotes(client, meetingId, "Zo afgesproken");
    const saved = await saveManualVersion(server.services, meetingId, aios, null, at("2026-11-24T12:00:00Z"));
    expect(saved.ok).toBe(true);
    expect(await restoreVersion(server.services, meetingId, saved.ok ? saved.id : -1, aios)).toEqual({ ok: false, problem: "sameAsNow" });
    expect(await versionCount(meetingId)).toBe(1);

    await typeNotes(client, meetingId, "Zo afgesproken", "Nog iets");
    await server.services.setMeetingReadOnly(meetingId, true);
    expect(await saveManualVersion(server.services, meetingId, aios, null, at("2026-11-24T13:00:00Z"))).toEqual({ ok: false, problem: "readOnly" });
    expect(await versionCount(meetingId)).toBe(1);
  });
});
