import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { strFromU8, unzipSync } from "fflate";
import type { KoersServer } from "../../server/koers-server";
import { startPageServer } from "../support/test-server";
import { getPage, postForm, signUpDirectly, type TestPerson } from "../support/http-session";
import { confirmMeetingReport, seedEndedMeeting, seedPair, writePrivateNotes, type SeededMeeting } from "../support/your-data-fixtures";
import { readPdf } from "../support/pdf-text";
import { sqlRow, sqlRows, sqlRun, sqlText } from "../support/test-database";
import { updateAgreement } from "../../db/agreements";

// Issue #19: GET /account/export hands the person asking a zip with everything about them:
// for an aios the portfolio (each confirmed report as a real PDF and as Markdown, the
// agreements with their history as CSV), for everyone the account data, their own private
// notes and who opened their meetings; nothing of the partner's private notes, nothing of
// another pair.

let server: KoersServer;
let aios: TestPerson;
let opleider: TestPerson;
let stranger: TestPerson;
let strangerOpleider: TestPerson;
let confirmed: SeededMeeting;
let draft: SeededMeeting;
let other: SeededMeeting;

beforeAll(async () => {
  server = await startPageServer();
  aios = await signUpDirectly(server, "Şükrü Öztürk");
  opleider = await signUpDirectly(server, "Anneke de Vries");
  stranger = await signUpDirectly(server, "Vreemde Aios");
  strangerOpleider = await signUpDirectly(server, "Vreemde Opleider");
  await seedPair(server, { id: "pair-export", practice: "Huisartsenpraktijk De Linde", aiosId: aios.id, opleiderId: opleider.id, year: 3 });
  await seedPair(server, { id: "pair-other", practice: "Praktijk Elders", aiosId: stranger.id, opleiderId: strangerOpleider.id });

  confirmed = await seedEndedMeeting(server, { id: "meeting-confirmed", pairId: "pair-export", createdBy: aios.id, marker: "SOLK-klachten" });
  await confirmMeetingReport(server, confirmed.id, aios.id, opleider.id);
  draft = await seedEndedMeeting(server, { id: "meeting-draft", pairId: "pair-export", createdBy: aios.id, date: "2026-11-26", marker: "ANW-planning" });
  // A follow-up recorded after the meeting: the history CSV shows it.
  await updateAgreement(server.services.db, confirmed.id, `${confirmed.id}-agr-1`, { status: "afgerond" });
  await writePrivateNotes(server, confirmed.id, aios.id, "Eigen gedachte van de aios");
  await writePrivateNotes(server, confirmed.id, opleider.id, "OPLEIDER-PRIVE-GEHEIM");

  other = await seedEndedMeeting(server, { id: "meeting-other", pairId: "pair-other", createdBy: stranger.id, marker: "ANDER-KOPPEL-GEHEIM" });
  await confirmMeetingReport(server, other.id, stranger.id, strangerOpleider.id);
  await writePrivateNotes(server, other.id, stranger.id, "ANDER-PRIVE-GEHEIM");
}, 60_000);

afterAll(async () => {
  await server?.close();
});

async function exportOf(person: TestPerson): Promise<{ res: Response; files: Record<string, Uint8Array> }> {
  const res = await getPage(server, "/account/export", person.cookie);
  expect(res.status).toBe(200);
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  return { res, files };
}

function text(files: Record<string, Uint8Array>, name: string): string {
  expect(Object.keys(files), `the zip holds ${name}`).toContain(name);
  return strFromU8(files[name]!);
}

/** Every file's bytes as text (PDFs included: their text streams are compressed, so PDFs are also parsed below). */
function everything(files: Record<string, Uint8Array>): string {
  return Object.values(files)
    .map((bytes) => strFromU8(bytes, true))
    .join("\n");
}

describe("the aios's export", () => {
  let res: Response;
  let files: Record<string, Uint8Array>;
  beforeAll(async () => {
    ({ res, files } = await exportOf(aios));
  });

  it("is a zip download that says how many files it holds", () => {
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="koers-export-\d{4}-\d{2}-\d{2}\.zip"$/);
    expect(Number(res.headers.get("x-export-files"))).toBe(Object.keys(files).length);
    expect(Object.keys(files).sort()).toEqual(
      [
        "LEESMIJ.txt",
        "account.json",
        "afspraken-geschiedenis.csv",
        "afspraken.csv",
        "geopend-door.csv",
        "prive-notities/2026-11-24-taakgericht.md",
        "verslagen/2026-11-24-taakgericht.md",
        "verslagen/2026-11-24-taakgericht.pdf",
      ].sort(),
    );
  });

  it("holds each confirmed report as a valid PDF with the header, the discussion, the agreements and the confirmation times", async () => {
    const pdfBytes = files["verslagen/2026-11-24-taakgericht.pdf"]!;
    expect(strFromU8(pdfBytes.subarray(0, 5), true)).toBe("%PDF-");
    const pdf = await readPdf(pdfBytes);
    expect(pdf.pages).toBe(1);
    expect(pdf.title).toBe("Verslag: Taakgericht leergesprek — Consultbespreking");
    const page = pdf.text.join(" ");
    for (const expected of [
      "Verslag: Taakgericht leergesprek — Consultbespreking",
      "Praktijk Huisartsenpraktijk De Linde",
      "Opleidingsjaar 3",
      "Datum dinsdag 24 november 2026 om 13:00",
      "Duur 50 minuten",
      "Aios Şükrü Öztürk",
      "Opleider Anneke de Vries",
      "Besproken",
      confirmed.agendaText,
      confirmed.notesText,
      "Afspraken",
      confirmed.agreementText,
      // The agreement as it is now: followed up after the meeting.
      "status: afgerond",
      "Ingediend door de aios",
      "Bevestigd door de opleider",
      "Pagina 1 van 1",
    ]) {
      expect(page, expected).toContain(expected);
    }
    expect(page).toMatch(/Bevestigd door de opleider \w+dag \d+ \w+ 2026 om \d\d:\d\d/);
  });

  it("holds the same report as Markdown, and no report of a meeting that is not confirmed", () => {
    const md = text(files, "verslagen/2026-11-24-taakgericht.md");
    expect(md).toContain("# Verslag: Taakgericht leergesprek — Consultbespreking");
    expect(md).toContain("- **Aios:** Şükrü Öztürk");
    expect(md).toContain(confirmed.notesText);
    expect(md).toContain(`${confirmed.agreementText} — eigenaar: aios · terugkomdatum: dinsdag 8 december 2026 · status: afgerond`);
    expect(everything(files)).not.toContain(draft.notesText);
  });

  it("holds the agreements as CSV, and their history of status changes", () => {
    const agreements = text(files, "afspraken.csv");
    // UTF-8 with a byte-order mark, so a spreadsheet reads "é" right (the decoder drops the mark).
    expect([...files["afspraken.csv"]!.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(agreements.startsWith("gesprek_datum;gesprek_soort;praktijk;afspraak;")).toBe(true);
    expect(agreements).toContain(`2026-11-24T13:00;taakgericht;Huisartsenpraktijk De Linde;${confirmed.agreementText};aios;2026-12-08;afgerond;`);
    expect(agreements).toContain(`${draft.agreementText};aios;2026-12-08;open;`);
    const history = text(files, "afspraken-geschiedenis.csv").split("\r\n");
    expect(history[0]).toBe("moment;gesprek_datum;afspraak;wijziging;van;naar;gesprek_id;afspraak_id");
    expect(history.filter((l) => l.includes(confirmed.agreementText)).map((l) => l.split(";").slice(3, 6).join(";"))).toEqual(["added;;open", "status;open;afgerond"]);
  });

  it("holds the account data and the person's own private notes, never the partner's", () => {
    const account = JSON.parse(text(files, "account.json")) as { account: { email: string; name: string }; pairs: Array<{ practice: string; yourRole: string; partner: string }>; meetings: unknown[] };
    expect(account.account).toMatchObject({ email: aios.email, name: "Şükrü Öztürk" });
    expect(account.pairs).toEqual([expect.objectContaining({ practice: "Huisartsenpraktijk De Linde", yourRole: "aios", partner: "Anneke de Vries" })]);
    expect(account.meetings).toHaveLength(2);
    expect(text(files, "prive-notities/2026-11-24-taakgericht.md")).toContain("Eigen gedachte van de aios");
    expect(everything(files)).not.toContain("OPLEIDER-PRIVE-GEHEIM");
    expect(everything(files)).not.toContain(opleider.email);
  });

  it("holds nothing of another pair", async () => {
    const all = everything(files);
    for (const secret of ["ANDER-KOPPEL-GEHEIM", "ANDER-PRIVE-GEHEIM", "Praktijk Elders", stranger.email, "Vreemde", other.id]) expect(all, secret).not.toContain(secret);
    for (const name of Object.keys(files).filter((n) => n.endsWith(".pdf"))) {
      expect((await readPdf(files[name]!)).text.join(" ")).not.toContain("ANDER-KOPPEL-GEHEIM");
    }
  });

  it("lists who opened the meetings, and counts the export as an open", async () => {
    const audit = text(files, "geopend-door.csv");
    expect(audit.split("\r\n")[0]).toBe("gesprek_datum;gesprek_id;wie;rol;hoe;eerste_keer;laatste_keer;aantal");
    const rows = (await sqlRows(server.services.db, sqlText("select meeting_id, channel from audit_log where user_id = ? and channel = 'export'", aios.id)));
    expect(rows).toEqual([{ meeting_id: confirmed.id, channel: "export" }]);
  });
});

describe("the opleider's export", () => {
  it("holds their account and their own private notes, not the aios's portfolio or private notes", async () => {
    const { files } = await exportOf(opleider);
    const names = Object.keys(files);
    expect(names).toContain("account.json");
    expect(names.some((n) => n.startsWith("verslagen/"))).toBe(false);
    expect(names).not.toContain("afspraken.csv");
    expect(text(files, "prive-notities/2026-11-24-taakgericht.md")).toContain("OPLEIDER-PRIVE-GEHEIM");
    expect(everything(files)).not.toContain("Eigen gedachte van de aios");
    expect(everything(files)).not.toContain("ANDER-KOPPEL-GEHEIM");
  });

  it("holds what they wrote on the aios's learning goals, their comments and suggestions, and not the goals' own history", async () => {
    const goals = "/pairs/pair-export/leerdoelen";
    const goal = { intent: "create", what: "Beter samenvatten", why: "", how: "", evidence: "", evaluateOn: "2027-01-15", competency: "communicatie" };
    expect((await postForm(server, goals, goal, aios.cookie)).status).toBe(200);
    const { id } = (await sqlRow<{ id: string }>(server.services.db, sqlText("select id from learning_goals where pair_id = 'pair-export'")))!;
    expect((await postForm(server, `${goals}/${id}`, { intent: "comment", text: "OPMERKING-VAN-DE-OPLEIDER" }, opleider.cookie)).status).toBe(200);
    expect((await postForm(server, `${goals}/${id}`, { intent: "comment", text: "opmerking van de aios zelf" }, aios.cookie)).status).toBe(200);
    expect((await postForm(server, goals, { intent: "suggest", what: "SOLK bespreken", why: "VOORSTEL-WAAROM" }, opleider.cookie)).status).toBe(200);

    const { files } = await exportOf(opleider);
    const csv = text(files, "leerdoel-opmerkingen.csv");
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toContain("moment;praktijk;soort;leerdoel;tekst");
    expect(lines).toHaveLength(3);
    expect(csv).toMatch(/Huisartsenpraktijk De Linde;opmerking;Beter samenvatten;OPMERKING-VAN-DE-OPLEIDER/);
    expect(csv).toMatch(/Huisartsenpraktijk De Linde;voorstel;SOLK bespreken;VOORSTEL-WAAROM;open/);
    expect(csv).not.toContain("opmerking van de aios zelf");
    expect(Object.keys(files)).not.toContain("leerdoelen.csv");
    expect(text(files, "LEESMIJ.txt")).toContain("leerdoel-opmerkingen.csv (als opleider)");
    // The aios has no such file: their goals are in leerdoelen*.csv.
    expect(Object.keys((await exportOf(aios)).files)).not.toContain("leerdoel-opmerkingen.csv");
  });
});

describe("who may export", () => {
  it("nobody without a session: to the login page", async () => {
    const res = await getPage(server, "/account/export");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?next=%2Faccount%2Fexport");
  });

  it("one export at a time per person: a second while the first streams gets 429", async () => {
    const first = await getPage(server, "/account/export", aios.cookie);
    expect(first.status).toBe(200);
    const second = await getPage(server, "/account/export", aios.cookie);
    expect(second.status).toBe(429);
    await first.arrayBuffer();
    // Once the first is read to its end, the next may start.
    const third = await getPage(server, "/account/export", aios.cookie);
    expect(third.status).toBe(200);
    await third.arrayBuffer();
  });
});

describe("the PDF of one report", () => {
  it("is a PDF download for a confirmed report, and 409 for one that is not confirmed", async () => {
    const res = await getPage(server, `/meetings/${confirmed.id}/report.pdf`, opleider.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="verslag-2026-11-24-taakgericht.pdf"');
    const pdf = await readPdf(new Uint8Array(await res.arrayBuffer()));
    expect(pdf.text.join(" ")).toContain(confirmed.notesText);
    const notYet = await getPage(server, `/meetings/${draft.id}/report.pdf`, aios.cookie);
    expect(notYet.status).toBe(409);
    expect(await notYet.text()).toContain("nog niet bevestigd");
  });

  it("is refused to another pair's member", async () => {
    expect((await getPage(server, `/meetings/${confirmed.id}/report.pdf`, stranger.cookie)).status).toBe(403);
  });

  it("is limited per account (a download loop cannot slow the server for others); the partner still gets theirs", async () => {
    // 20 per 5 minutes; the test server runs the built app, so earlier tests' downloads count too.
    let made = 0;
    let refused: Response | null = null;
    for (let i = 0; i < 21 && !refused; i++) {
      const res = await getPage(server, `/meetings/${confirmed.id}/report.pdf`, aios.cookie);
      if (res.status === 429) refused = res;
      else {
        expect(res.status).toBe(200);
        await res.arrayBuffer();
        made++;
      }
    }
    expect(refused?.status).toBe(429);
    expect(made).toBeGreaterThan(10);
    expect(await refused!.text()).toContain("Exporteren als zip");
    expect((await getPage(server, `/meetings/${confirmed.id}/report.pdf`, opleider.cookie)).status).toBe(200);
  });

  it("is in the reader's language when they chose English", async () => {
    (await sqlRun(server.services.db, sqlText("update users set language = 'en' where id = ?", opleider.id)));
    try {
      const res = await getPage(server, `/meetings/${confirmed.id}/report.pdf`, opleider.cookie);
      const page = (await readPdf(new Uint8Array(await res.arrayBuffer()))).text.join(" ");
      expect(page).toContain("Report: Task-oriented");
      expect(page).toContain("Duration 50 minutes");
      expect(page).toContain("Confirmed by the trainer");
    } finally {
      (await sqlRun(server.services.db, sqlText("update users set language = null where id = ?", opleider.id)));
    }
  });
});
