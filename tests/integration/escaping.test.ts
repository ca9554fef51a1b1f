import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KoersServer } from "../../server/koers-server";
import { connectClient, eventually, type TestClient, startPageServer } from "../support/test-server";
import { memberCookie, seedMeeting, seedTestPair, TEST_PAIR_ID } from "../support/test-access";
import { MeetingField, meetingDocName } from "../../app/collab/protocol";
import { fillEmptyField } from "../../app/editor/write-fields";
import { readTextBlocks } from "../../app/editor/read-fields";
import { listVersions, saveManualVersion } from "../../app/history/versions.server";
import { TEST_USERS } from "../support/test-access";
import { sql, sqlRow } from "../support/test-database";

// Issue #8: text from documents is shown by server-rendered views (print page, history,
// review, dashboard, Markdown export) as text, never as markup: a script typed into a
// meeting stays inert everywhere it is shown again.

const HOSTILE = `<script>alert("koers")</script><img src=x onerror=alert(1)>`;
const MEETING = "escape-1";
const MULTILINE = "Lezen\n- nep-lijstpunt\n---\n```\n    code\n# Kop\n[klik](https://evil.example)\n[x]: https://evil.example";

let server: KoersServer;
let client: TestClient;
let cookie: string;

beforeAll(async () => {
  // Pages need the production build (npm test builds before running Vitest).
  server = await startPageServer();
  await seedTestPair(server);
  await seedMeeting(server, meetingDocName(MEETING));
  cookie = memberCookie(server, meetingDocName(MEETING));
  client = connectClient(server, meetingDocName(MEETING));
  await client.synced;
  const paragraph = { type: "paragraph", content: [{ type: "text", text: `Notitie ${HOSTILE}` }] };
  fillEmptyField(client.doc, MeetingField.notes, { type: "doc", content: [paragraph] });
  fillEmptyField(client.doc, MeetingField.agenda, {
    type: "doc",
    content: [{ type: "agendaItem", attrs: { id: "i1" }, content: [{ type: "text", text: `Punt ${HOSTILE}` }] }],
  });
  fillEmptyField(client.doc, MeetingField.agreements, {
    type: "doc",
    content: [
      { type: "agreement", attrs: { id: "a1", owner: "aios", followUpDate: "2026-12-01", status: "open" }, content: [{ type: "text", text: `Afspraak ${HOSTILE}` }] },
      // Issue #13.10: line breaks inside an agreement's text, as a raw client can write them.
      { type: "agreement", attrs: { id: "a2", owner: "samen", followUpDate: null, status: "open" }, content: [{ type: "text", text: MULTILINE }] },
    ],
  });
  await eventually(async () => expect(await server.services.readDocument(meetingDocName(MEETING), (d) => readTextBlocks(d, MeetingField.notes).length)).toBe(1));
  await saveManualVersion(server.services, MEETING, TEST_USERS.aios.id, `Versie ${HOSTILE}`);
  // The agreements table has read the document (the dashboard and review show it from there).
  const agreementRows = () => sqlRow(server.services.db, sql`select count(*) as n from agreements where meeting_id = ${MEETING}`);
  await eventually(async () => expect(await agreementRows()).toEqual({ n: 2 }));
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
});

async function html(path: string): Promise<string> {
  const res = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie } });
  expect(res.status, path).toBe(200);
  return res.text();
}

/** The hostile markup never appears as markup; its text does appear, escaped. */
function expectInert(page: string, path: string): void {
  expect(page, path).not.toContain("<script>alert");
  expect(page, path).not.toContain("<img src=x");
  expect(page, path).toContain("&lt;script&gt;alert");
}

describe("server-rendered views escape everything from the documents", () => {
  it("the print page, the history and the version page", async () => {
    for (const path of [`/meetings/${MEETING}/print`, `/meetings/${MEETING}/history`]) expectInert(await html(path), path);
    const [version] = await listVersions(server.services.db, MEETING);
    const path = `/meetings/${MEETING}/history/${version!.id}`;
    expectInert(await html(path), path);
  });

  it("the review page and the dashboard (agreement texts from the table)", async () => {
    for (const path of [`/pairs/${TEST_PAIR_ID}/review`, `/pairs/${TEST_PAIR_ID}`]) expectInert(await html(path), path);
  });

  it("the Markdown export carries no raw HTML", async () => {
    const res = await fetch(`${server.url}/meetings/${MEETING}/report.md`, { headers: { Cookie: cookie } });
    expect(res.headers.get("content-type")).toContain("text/markdown");
    const markdown = await res.text();
    expect(markdown).toContain("Afspraak");
    // Every "<" from a document is backslash-escaped: Markdown viewers show it as text.
    expect(markdown).not.toMatch(/(^|[^\\])<(script|img)/m);
    expect(markdown).toContain("\\<script\\>alert");
  });

  it("a line break inside an agreement's text becomes a space, and nothing of it becomes a list, rule, code block, heading or link (#13.10)", async () => {
    const res = await fetch(`${server.url}/meetings/${MEETING}/report.md`, { headers: { Cookie: cookie } });
    const lines = (await res.text()).split("\n");
    const line = lines.find((l) => l.includes("Lezen"))!;
    expect(line).toBe(
      "- Lezen - nep-lijstpunt --- \\`\\`\\` code \\# Kop \\[klik\\](https:\\/\\/evil.example) \\[x\\]: https:\\/\\/evil.example — eigenaar: samen · terugkomdatum: geen · status: open",
    );
    // No line of the file starts one of those blocks with the agreement's words.
    for (const word of ["nep-lijstpunt", "code", "Kop", "klik", "evil"]) {
      expect(lines.filter((l) => l.includes(word))).toEqual([line]);
    }
    expect(lines.some((l) => /^(---|```|\s{4}|# Kop|\[x\]:)/.test(l))).toBe(false);
  });
});
