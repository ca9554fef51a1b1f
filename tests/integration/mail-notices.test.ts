import { afterEach, describe, expect, it } from "vitest";
import type { KoersServer } from "../../server/koers-server";
import { seedMeeting, seedTestPair, TEST_PAIR_ID, TEST_USERS } from "../support/test-access";
import { startTestKoers } from "../support/test-server";
import { startSmtpTestServer, type SmtpTestServer } from "../support/smtp-test-server";
import { MeetingField, meetingDocName } from "../../app/collab/protocol";
import { fillEmptyField } from "../../app/editor/write-fields";
import { sendBack, submitReport } from "../../app/reports/reports.server";
import { mailSignupAttempt } from "../../app/mail/mail-notices.server";
import { setOptOut, setUserTimeZone } from "../../db/mail-settings";
import { syncMeetingAgreements } from "../../db/agreements";
import { sql, sqlRow, sqlRows, sqlRun } from "../support/test-database";

// The other mails: report submitted (to the opleider) and sent back (to the aios), the Monday
// digest of agreements (in the recipient's time zone), and "someone tried to sign up with
// your address" (at most once a day). Real SMTP server, real database.

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

function clockFrom(at: number): () => Date {
  const offset = at - Date.now();
  return () => new Date(Date.now() + offset);
}

async function setup(now?: () => Date): Promise<{ server: KoersServer; smtp: SmtpTestServer }> {
  const smtp = await startSmtpTestServer();
  open.push(smtp);
  const server = await startTestKoers({
    remix: "none",
    mail: { smtpUrl: smtp.url, pollMs: 50, tickMs: 3_600_000, appUrl: "https://koers.example.nl", now },
  });
  open.push(server);
  await seedTestPair(server);
  return { server, smtp };
}

describe("report notices", () => {
  it("submitting tells the opleider; sending back tells the aios, with the comment", async () => {
    const { server, smtp } = await setup();
    await seedMeeting(server, meetingDocName("m-ended"));
    await sqlRun(server.services.db, sql`update meetings set status = 'afgerond', started_at = '2026-11-24T12:00:00.000Z', ended_at = '2026-11-24T12:50:00.000Z' where id = 'm-ended'`);
    await server.services.editDocument(meetingDocName("m-ended"), (doc) =>
      fillEmptyField(doc, MeetingField.report, { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Verslag" }] }] }),
    );

    expect(await submitReport(server.services, "m-ended", TEST_USERS.aios.id)).toEqual({ ok: true });
    const [submitted] = await smtp.waitFor(1);
    expect(submitted!.to).toEqual(["opleider@test.invalid"]);
    expect(submitted!.subject).toBe("Verslag ingediend: taakgericht leergesprek van dinsdag 24 november");
    expect(submitted!.text).toContain("Test Aios heeft het verslag");
    expect(submitted!.text).toContain("https://koers.example.nl/meetings/m-ended");

    expect(await sendBack(server.services, "m-ended", TEST_USERS.opleider.id, "Graag de afspraken concreter <maken>.")).toEqual({ ok: true });
    const mails = await smtp.waitFor(2);
    const returned = mails[1]!;
    expect(returned.to).toEqual(["aios@test.invalid"]);
    expect(returned.subject).toBe("Verslag teruggestuurd: taakgericht leergesprek van dinsdag 24 november");
    expect(returned.text).toContain("> Graag de afspraken concreter <maken>.");
    expect(returned.html).toContain("Graag de afspraken concreter &lt;maken&gt;.");
    expect(returned.html).not.toContain("<maken>");
  });

  it("an opleider who switched them off gets none", async () => {
    const { server, smtp } = await setup();
    await setOptOut(server.services.db, "opleider@test.invalid", "reportSubmitted", true);
    await seedMeeting(server, meetingDocName("m-ended"));
    await sqlRun(server.services.db, sql`update meetings set status = 'afgerond' where id = 'm-ended'`);
    await server.services.editDocument(meetingDocName("m-ended"), (doc) =>
      fillEmptyField(doc, MeetingField.report, { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Verslag" }] }] }),
    );
    expect(await submitReport(server.services, "m-ended", TEST_USERS.aios.id)).toEqual({ ok: true });
    await server.mail.drain();
    const job = await sqlRow(server.services.db, sql`select status, result from mail_jobs where kind = 'reportSubmitted'`);
    expect(job).toEqual({ status: "skipped", result: "the address switched this kind of mail off" });
    expect(smtp.received).toHaveLength(0);
  });
});

describe("the Monday digest", () => {
  /** Monday 30 November 2026, 07:05 in Amsterdam. */
  const MONDAY_MORNING = Date.parse("2026-11-30T06:05:00Z");

  async function agreementsOfLastMeeting(server: KoersServer): Promise<void> {
    await seedMeeting(server, meetingDocName("m-last"));
    await syncMeetingAgreements(server.services.db, { id: "m-last", pairId: TEST_PAIR_ID }, [
      { id: "a1", text: "NHG-standaard SOLK lezen", owner: "aios", followUpDate: "2026-11-26", status: "open" },
      { id: "a2", text: "Observatie inplannen", owner: "opleider", followUpDate: "2026-12-03", status: "open" },
      { id: "a3", text: "Later pas", owner: "samen", followUpDate: "2026-12-20", status: "open" },
      { id: "a4", text: "Al gedaan", owner: "aios", followUpDate: "2026-12-01", status: "afgerond" },
    ]);
  }

  it("lists this week's and the overdue agreements, once per Monday", async () => {
    const { server, smtp } = await setup(clockFrom(MONDAY_MORNING));
    await agreementsOfLastMeeting(server);
    expect(await server.mail.tick()).toBe(2);
    await server.mail.drain();
    const mails = await smtp.waitFor(2);
    const mail = mails.find((m) => m.to[0] === "aios@test.invalid")!;
    expect(mail.subject).toBe("Deze week: 2 afspraken om op terug te komen");
    expect(mail.text).toContain("week 49 (ma 30 nov tot en met zo 6 dec)");
    expect(mail.text).toMatch(/Over de terugkomdatum:\n- NHG-standaard SOLK lezen \(aios, do 26 nov\) · Testpraktijk/);
    expect(mail.text).toMatch(/Deze week:\n- Observatie inplannen \(opleider, do 3 dec\) · Testpraktijk/);
    expect(mail.text).not.toContain("Later pas");
    expect(mail.text).not.toContain("Al gedaan");
    expect(await server.mail.tick()).toBe(0);
  });

  it("waits for Monday 7:00 in the recipient's own time zone", async () => {
    // 07:05 in Amsterdam is 02:05 in Curaçao: not yet for someone there.
    const { server } = await setup(clockFrom(MONDAY_MORNING));
    await agreementsOfLastMeeting(server);
    await setUserTimeZone(server.services.db, TEST_USERS.aios.id, "America/Curacao");
    expect(await server.mail.tick()).toBe(1);
    const rows = await sqlRows(server.services.db, sql`select to_address from mail_jobs`);
    expect(rows).toEqual([{ to_address: "opleider@test.invalid" }]);
  });

  it("is not sent when nothing is due", async () => {
    const { server } = await setup(clockFrom(MONDAY_MORNING));
    expect(await server.mail.tick()).toBe(0);
  });
});

describe("someone tried to sign up with your address", () => {
  it("tells the owner once a day, and nobody for an unknown address", async () => {
    const { server, smtp } = await setup();
    expect(await mailSignupAttempt(server.services, "AIOS@test.invalid")).toBe(true);
    expect(await mailSignupAttempt(server.services, "aios@test.invalid")).toBe(false);
    expect(await mailSignupAttempt(server.services, "niemand@test.invalid")).toBe(false);
    const [mail] = await smtp.waitFor(1);
    expect(mail!.subject).toBe("Iemand probeerde een Koers-account te maken met jouw adres");
    expect(mail!.text).toContain("https://koers.example.nl/forgot-password");
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.received).toHaveLength(1);
  });
});
