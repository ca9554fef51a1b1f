import { afterEach, describe, expect, it, vi } from "vitest";
import { spawnSync } from "node:child_process";
import type { KoersServer } from "../../server/koers-server";
import type { MailOptions } from "../../server/mail/mail-system";
import { seedTestPair, TEST_PAIR_ID, TEST_USERS } from "../support/test-access";
import { startTestKoers, tempDatabase } from "../support/test-server";
import { sql, sqlRows, sqlRun } from "../support/test-database";
import { startSmtpTestServer, type SmtpTestServer } from "../support/smtp-test-server";
import { freePort } from "../support/free-port";
import { queueMail } from "../../app/mail/mail-queue.server";
import { meetingDocName } from "../../app/collab/protocol";
import { appendAgendaItemForTest } from "../support/mail-fixtures";

// The mail queue against a real SMTP server (smtp-server, on a local port): the reminder is
// sent once, also across a restart and with two instances on one database; a failing SMTP
// server (down, refusing for a while, refusing for good) is retried and reported, and the
// server keeps answering.

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
  vi.restoreAllMocks();
});

/** Monday 23 November 2026, 17:30 in Amsterdam (16:30 UTC): the evening before a meeting on Tuesday 10:00. */
const DAY_BEFORE_EVENING = Date.parse("2026-11-23T16:30:00Z");

/** A clock that starts at `at` and runs on with real time (retries come due). */
function clockFrom(at: number): () => Date {
  const offset = at - Date.now();
  return () => new Date(Date.now() + offset);
}

async function startServer(database: string, mail: MailOptions): Promise<KoersServer> {
  const server = await startTestKoers({
    database,
    remix: "none",
    mail: { pollMs: 50, retryBaseMs: 40, tickMs: 3_600_000, appUrl: "https://koers.example.nl", ...mail },
  });
  await seedTestPair(server);
  open.push(server);
  return server;
}

async function smtp(options?: Parameters<typeof startSmtpTestServer>[0]): Promise<SmtpTestServer> {
  const server = await startSmtpTestServer(options);
  open.push(server);
  return server;
}

async function planMeeting(server: KoersServer, id: string, scheduledAt: string, kind = "taakgericht", subkind: string | null = "consultbespreking"): Promise<void> {
  await sqlRun(
    server.services.db,
    sql`insert into meetings (id, pair_id, kind, subkind, scheduled_at, planned_minutes, created_by) values (${id}, ${TEST_PAIR_ID}, ${kind}, ${subkind}, ${scheduledAt}, 45, ${TEST_USERS.aios.id})`,
  );
}

type JobRow = { id: string; status: string; attempts: number; last_error: string | null; to_address: string; kind: string };

function jobs(server: KoersServer, kind?: string): Promise<JobRow[]> {
  const where = kind ? sql`where kind = ${kind}` : sql``;
  return sqlRows(server.services.db, sql`select id, status, attempts, last_error, to_address, kind from mail_jobs ${where} order by created_at`);
}

async function waitForJobs(server: KoersServer, check: (rows: JobRow[]) => boolean, timeoutMs = 8000): Promise<JobRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await jobs(server);
    if (check(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`jobs did not reach the expected state: ${JSON.stringify(rows)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("the reminder the day before a meeting", () => {
  it("reaches both people once, with the agenda; a restart of the server sends nothing again", async () => {
    const mailServer = await smtp();
    const databasePath = tempDatabase();
    const now = clockFrom(DAY_BEFORE_EVENING);
    const first = await startServer(databasePath, { smtpUrl: mailServer.url, now });
    await planMeeting(first, "m-tuesday", "2026-11-24T10:00");
    await first.services.editDocument(meetingDocName("m-tuesday"), (doc) => appendAgendaItemForTest(doc, "Leerdoel: SOLK-patiënten", 15));

    expect(await first.mail.tick()).toBe(2);
    await first.mail.drain();
    const mails = await mailServer.waitFor(2);
    expect(mails.map((m) => m.to[0]).sort()).toEqual(["aios@test.invalid", "opleider@test.invalid"]);
    const toAios = mails.find((m) => m.to[0] === "aios@test.invalid")!;
    expect(toAios.subject).toBe("Morgen om 10:00: taakgericht leergesprek (consultbespreking)");
    expect(toAios.text).toContain("Hoi Test Aios,");
    expect(toAios.text).toContain("met Test Opleider");
    expect(toAios.text).toContain("dinsdag 24 november, 10:00 (45 minuten)");
    expect(toAios.text).toContain("- Leerdoel: SOLK-patiënten (15 min)");
    expect(toAios.text).toContain("https://koers.example.nl/meetings/m-tuesday");
    expect(toAios.html).toContain("Leerdoel: SOLK-patiënten (15 min)");

    // Ticking again (every minute) adds nothing.
    expect(await first.mail.tick()).toBe(0);
    await first.close();
    open.splice(open.indexOf(first), 1);

    const second = await startServer(databasePath, { smtpUrl: mailServer.url, now });
    expect(await second.mail.tick()).toBe(0);
    await second.mail.drain();
    await new Promise((r) => setTimeout(r, 300));
    expect(mailServer.received).toHaveLength(2);
    expect((await jobs(second, "meetingReminder")).map((j) => j.status)).toEqual(["sent", "sent"]);
  });

  it("waits in the database while the SMTP server is down, and is sent once after a restart", async () => {
    const port = await freePort();
    const databasePath = tempDatabase();
    const now = clockFrom(DAY_BEFORE_EVENING);
    const down = await startServer(databasePath, { smtpUrl: `smtp://127.0.0.1:${port}`, now, retryBaseMs: 60_000 });
    await planMeeting(down, "m-tuesday", "2026-11-24T10:00");
    await down.mail.tick();
    await waitForJobs(down, (rows) => rows.length === 2 && rows.every((r) => r.status === "queued" && r.attempts === 1));
    expect((await jobs(down))[0]!.last_error).toMatch(/ECONNREFUSED/);
    await down.close();
    open.splice(open.indexOf(down), 1);

    // The SMTP server comes up; the restarted Koers server finds the jobs and sends each once.
    const mailServer = await smtp({ port });
    const up = await startServer(databasePath, { smtpUrl: mailServer.url, now: clockFrom(DAY_BEFORE_EVENING + 2 * 60_000), retryBaseMs: 40 });
    await waitForJobs(up, (rows) => rows.every((r) => r.status === "sent"));
    expect(mailServer.received).toHaveLength(2);
    expect(await up.mail.tick()).toBe(0);
  });

  it("is not queued before 17:00 the day before, nor two days before", async () => {
    const mailServer = await smtp();
    const server = await startServer(tempDatabase(), { smtpUrl: mailServer.url, now: clockFrom(Date.parse("2026-11-23T15:59:00Z")) });
    await planMeeting(server, "m-tuesday", "2026-11-24T10:00");
    await planMeeting(server, "m-wednesday", "2026-11-25T10:00");
    expect(await server.mail.tick()).toBe(0);
    expect(await jobs(server)).toEqual([]);
  });

  it("for a procesgericht meeting links to the private 3+3 preparation", async () => {
    const mailServer = await smtp();
    const server = await startServer(tempDatabase(), { smtpUrl: mailServer.url, now: clockFrom(DAY_BEFORE_EVENING) });
    await planMeeting(server, "m-proces", "2026-11-24T09:00", "procesgericht", null);
    await server.mail.tick();
    await server.mail.drain();
    const [mail] = await mailServer.waitFor(1);
    expect(mail!.text).toContain("drie dingen die goed gaan");
    expect(mail!.text).toContain("https://koers.example.nl/meetings/m-proces#panel-private");
  });
});

describe("two instances on one database", () => {
  it("send every job exactly once", async () => {
    const mailServer = await smtp();
    const databasePath = tempDatabase();
    const a = await startServer(databasePath, { smtpUrl: mailServer.url, scheduler: false });
    const b = await startServer(databasePath, { smtpUrl: mailServer.url, scheduler: false });
    const addresses = Array.from({ length: 30 }, (_, i) => `persoon-${i}@test.invalid`);
    // Queued on both instances at once, each wakes its own runner: both race for every job.
    await Promise.all(
      addresses.map((to, i) => queueMail(i % 2 ? a.services : b.services, { kind: "signupAttempt", to, userId: TEST_USERS.aios.id, payload: {} })),
    );
    await Promise.all([a.mail.drain(), b.mail.drain()]);
    await waitForJobs(a, (rows) => rows.length === 30 && rows.every((r) => r.status === "sent"));
    await mailServer.waitFor(30);
    await new Promise((r) => setTimeout(r, 200));
    expect(mailServer.received).toHaveLength(30);
    // One mail per job: every Message-ID (made from the job's id) arrived exactly once.
    expect(new Set(mailServer.received.map((m) => m.headers["message-id"])).size).toBe(30);
    expect(new Set((await jobs(a)).map((j) => j.attempts))).toEqual(new Set([1]));
  });
});

describe("a failing SMTP server", () => {
  it("that is down: retried with growing delays, then given up and reported; the server keeps answering", async () => {
    const port = await freePort();
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const database = tempDatabase();
    const server = await startServer(database, { smtpUrl: `smtp://127.0.0.1:${port}`, retryBaseMs: 20 });
    await queueMail(server.services, { kind: "signupAttempt", to: "aios@test.invalid", userId: TEST_USERS.aios.id, payload: {} });
    const [dead] = await waitForJobs(server, (rows) => rows[0]?.status === "dead", 15_000);
    expect(dead!.attempts).toBe(6);
    expect(dead!.last_error).toMatch(/ECONNREFUSED/);
    expect(errors.mock.calls.map((c) => String(c[0])).join("\n")).toMatch(/mail job .* \(signupAttempt to a\*\*\*@test\.invalid, attempt 6\/6\) failed and is given up/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    // The administrator's list shows it, with the error.
    const listed = spawnSync(process.execPath, ["--import", "tsx", "scripts/mail-jobs.ts", "--failed"], {
      encoding: "utf8",
      env: { ...process.env, ...(database.startsWith("postgres") ? { DATABASE_URL: database } : { DATABASE_PATH: database }) },
    });
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain(dead!.id.slice(0, 8));
    expect(listed.stdout).toMatch(/dead\s+6\/6/);
    expect(listed.stdout).toContain("ECONNREFUSED");
  });

  it("that refuses for a while (451): retried until it accepts, and sent once", async () => {
    let refusals = 2;
    const mailServer = await smtp({ refuse: () => (refusals-- > 0 ? { code: 451, message: "Try again later" } : null) });
    const server = await startServer(tempDatabase(), { smtpUrl: mailServer.url });
    await queueMail(server.services, { kind: "signupAttempt", to: "aios@test.invalid", userId: TEST_USERS.aios.id, payload: {} });
    const [sent] = await waitForJobs(server, (rows) => rows[0]?.status === "sent");
    expect(sent!.attempts).toBe(3);
    expect(mailServer.received).toHaveLength(1);
  });

  it("that refuses the address for good (550): given up at once, without retrying", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const mailServer = await smtp({ refuse: () => ({ code: 550, message: "No such user" }) });
    const server = await startServer(tempDatabase(), { smtpUrl: mailServer.url });
    await queueMail(server.services, { kind: "signupAttempt", to: "aios@test.invalid", userId: TEST_USERS.aios.id, payload: {} });
    const [dead] = await waitForJobs(server, (rows) => rows[0]?.status === "dead");
    expect(dead!.attempts).toBe(1);
    expect(dead!.last_error).toMatch(/550/);
  });

  it("with wrong credentials: retried and reported, never a crash", async () => {
    const mailServer = await smtp();
    const server = await startServer(tempDatabase(), { smtpUrl: mailServer.url.replace("smtp-geheim", "fout"), retryBaseMs: 60_000 });
    await queueMail(server.services, { kind: "signupAttempt", to: "aios@test.invalid", userId: TEST_USERS.aios.id, payload: {} });
    const [queued] = await waitForJobs(server, (rows) => rows[0]?.attempts === 1 && rows[0].status === "queued");
    expect(queued!.last_error).toMatch(/EAUTH|535|Invalid/);
    expect(mailServer.received).toHaveLength(0);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
