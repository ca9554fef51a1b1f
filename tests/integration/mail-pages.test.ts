import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KoersServer } from "../../server/koers-server";
import { startTestKoers } from "../support/test-server";
import { getPage, logInThroughPage, postForm, sessionCookieOf, signUpDirectly, asHtml, type TestPerson } from "../support/http-session";
import { startSmtpTestServer, type SmtpTestServer, type ReceivedMail } from "../support/smtp-test-server";
import { createPair } from "../../app/pairs/pairs.server";
import { nl } from "../../app/i18n/nl";
import { sql, sqlRow, sqlRows, sqlRun } from "../support/test-database";

// The pages of issue #18 with a real SMTP server: the invite form mails the link it shows,
// the switch-off link in that mail works without logging in, "Wachtwoord vergeten" answers
// the same for any address and its link works once, for an hour, and ends every session;
// the account page keeps the mail settings; the outbox does not exist outside development.

let smtp: SmtpTestServer;
let server: KoersServer;

beforeAll(async () => {
  smtp = await startSmtpTestServer();
  server = await startTestKoers({
    remix: "production",
    // Behind a "proxy": each test asks from its own client address, so the per-IP limit is its own.
    trustProxy: true,
    mail: { smtpUrl: smtp.url, pollMs: 50, scheduler: false },
  });
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

/** Waits for the next mail to `to` after the first `after` mails. */
async function nextMailTo(to: string, after: number): Promise<ReceivedMail> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mail = smtp.received.slice(after).find((m) => m.to.includes(to));
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no mail to ${to}; received: ${smtp.received.map((m) => m.to.join(",")).join(" ")}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function linkIn(text: string, path: string): string {
  const match = new RegExp(`https?://[^\\s]+${path}[^\\s]*`).exec(text);
  if (!match) throw new Error(`no ${path} link in:\n${text}`);
  return match[0];
}

const pathOf = (url: string) => new URL(url).pathname;

let clientNumber = 0;
/** A fresh client address (X-Forwarded-For) for one test's "Wachtwoord vergeten" requests. */
function newClientIp(): string {
  clientNumber += 1;
  return `198.51.100.${clientNumber}`;
}

/** Submits the "Wachtwoord vergeten" form from a client address. */
function askReset(email: string, ip: string): Promise<Response> {
  return fetch(`${server.url}/forgot-password`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": ip },
    body: new URLSearchParams({ email }).toString(),
  });
}

describe("the invite form with an e-mail address", () => {
  let opleider: TestPerson;
  let pairId: string;
  beforeAll(async () => {
    opleider = await signUpDirectly(server, "Dr. Jansen");
    pairId = await createPair(server.services, opleider.id, { practiceName: "Huisartsenpraktijk De Linde", trainingYear: 1, startsOn: "2026-09-01", endsOn: "2027-08-31", creatorRole: "opleider" });
  });

  it("mails the link it shows, in Dutch, in text and HTML, with a switch-off link", async () => {
    const before = smtp.received.length;
    const res = await postForm(server, `/pairs/${pairId}`, { intent: "invite", email: "Sanne.de.Vries@Example.nl " }, opleider.cookie);
    expect(res.status).toBe(200);
    const page = await res.text();
    const shown = /value="(http:\/\/[^"]+\/invite\/[A-Za-z0-9_-]+)"/.exec(page)?.[1];
    expect(shown).toBeTruthy();
    expect(page).toContain(asHtml(nl.inviteMail.queued.replace("{{email}}", "sanne.de.vries@example.nl")));

    const mail = await nextMailTo("sanne.de.vries@example.nl", before);
    expect(mail.subject).toBe("Dr. Jansen nodigt je uit in Koers (Huisartsenpraktijk De Linde)");
    expect(mail.text).toContain("Dr. Jansen nodigt je uit als aios in het koppel van Huisartsenpraktijk De Linde.");
    // The same one-time link as on the page (the mail's base is the server's URL here: no APP_URL).
    expect(pathOf(linkIn(mail.text, "/invite/"))).toBe(pathOf(shown!));
    expect(mail.html).toContain(`href="${server.url}${pathOf(shown!)}"`);
    expect(mail.headers["list-unsubscribe"]).toMatch(/^<http:\/\/localhost:\d+\/mail\/off\/[^>]+>$/);
    expect(mail.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    expect(mail.from).toBe("noreply@localhost");

    // The invite in the mail works: the invite page offers it.
    const offer = await (await getPage(server, pathOf(shown!))).text();
    expect(offer).toContain("Huisartsenpraktijk De Linde");
    // Its token is not kept in the queue once the mail is sent.
    const payload = (await sqlRow(server.services.db, sql`select payload from mail_jobs where kind = 'invite' order by created_at desc limit 1`)) as { payload: string };
    expect(payload.payload).not.toContain(pathOf(shown!).split("/").pop());
  });

  it("refuses a malformed address and makes no link", async () => {
    const invites = async () => ((await sqlRow(server.services.db, sql`select count(*) as n from invites where pair_id = ${pairId}`)) as { n: number }).n;
    const count = await invites();
    const res = await postForm(server, `/pairs/${pairId}`, { intent: "invite", email: "niet-een-adres" }, opleider.cookie);
    expect(await res.text()).toContain(asHtml(nl.forms.emailInvalid));
    expect(await invites()).toBe(count);
  });

  it("the switch-off link works without logging in; then invites to that address are not mailed", async () => {
    const before = smtp.received.length;
    await postForm(server, `/pairs/${pairId}`, { intent: "invite", email: "olaf@example.nl" }, opleider.cookie);
    const mail = await nextMailTo("olaf@example.nl", before);
    const offPath = pathOf(linkIn(mail.text, "/mail/off/"));

    // Opening it only asks (mail scanners open links); the button switches off.
    const asked = await getPage(server, offPath);
    expect(await asked.text()).toContain(asHtml(nl.mailOff.question.replace("{{email}}", "olaf@example.nl")));
    const tampered = await getPage(server, offPath.slice(0, -3) + "xyz");
    expect(await tampered.text()).toContain(asHtml(nl.mailOff.invalid));
    const done = await postForm(server, offPath, {});
    expect(await done.text()).toContain(asHtml(nl.mailOff.done.replace("{{email}}", "olaf@example.nl")));

    const again = await postForm(server, `/pairs/${pairId}`, { intent: "invite", email: "olaf@example.nl" }, opleider.cookie);
    const page = await again.text();
    expect(page).toContain(asHtml(nl.inviteMail.optedOut.replace("{{email}}", "olaf@example.nl")));
    expect(page).toMatch(/\/invite\/[A-Za-z0-9_-]+/); // still shown to copy
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received.slice(before).filter((m) => m.to.includes("olaf@example.nl"))).toHaveLength(1);
  });
});

describe("Wachtwoord vergeten", () => {
  it("answers the same, doing the same work, for an address with and without an account; only the account gets a mail", async () => {
    const ip = newClientIp();
    const people = await Promise.all(["Ilse", "Daan", "Lotte", "Bram", "Sophie"].map((name) => signUpDirectly(server, name)));
    const unknowns = people.map((_, i) => `niemand-${i}-${Date.now()}@example.nl`);
    const before = smtp.received.length;
    const answer = async (email: string) => {
      const res = await askReset(email, ip);
      // The page as it would look for any address (the CSP nonce differs per response anyway).
      const body = (await res.text()).replaceAll(email, "ADDRESS").replace(/nonce="[^"]*"/g, 'nonce=""');
      return { status: res.status, body };
    };
    await getPage(server, "/forgot-password"); // warm
    // What differs (looking up the account, making the link) happens only later, in the runner:
    // right after the answer there is a job for the address and nothing else, for either kind.
    const probe = await signUpDirectly(server, "Kees");
    await askReset(probe.email, ip);
    const resetsNow = (await sqlRow(server.services.db, sql`select count(*) as n from password_resets where user_id = ${probe.id}`)) as { n: number };
    expect(resetsNow.n).toBe(0);
    expect(await sqlRows(server.services.db, sql`select status from mail_jobs where to_address = ${probe.email}`)).toEqual([{ status: "queued" }]);
    const known: Array<Awaited<ReturnType<typeof answer>>> = [];
    const unknown: Array<Awaited<ReturnType<typeof answer>>> = [];
    // Alternating, with a pause like a person's. No timing is asserted here (a shared machine is
    // noisy): that both kinds take as long follows from the check above, the same work before the answer.
    for (let i = 0; i < people.length; i++) {
      known.push(await answer(people[i]!.email));
      await new Promise((r) => setTimeout(r, 150));
      unknown.push(await answer(unknowns[i]!));
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(known[0]!.status).toBe(200);
    for (const a of [...known, ...unknown]) {
      expect(a.status).toBe(200);
      expect(a.body).toBe(known[0]!.body);
    }
    expect(known[0]!.body).toContain(asHtml(nl.passwordReset.sent.replace("{{email}}", "ADDRESS")));

    for (const person of people) expect((await nextMailTo(person.email, before)).subject).toBe("Je wachtwoord voor Koers opnieuw instellen");
    await new Promise((r) => setTimeout(r, 1200));
    expect(smtp.received.slice(before).filter((m) => unknowns.some((u) => m.to.includes(u)))).toHaveLength(0);
    const skipped = (await sqlRow(server.services.db, sql`select status, result from mail_jobs where to_address = ${unknowns[0]}`)) as { status: string; result: string };
    expect(skipped).toEqual({ status: "skipped", result: "no account has this address" });
  });

  it("is limited to 3 links per address per hour, with the same answer for any address", async () => {
    const person = await signUpDirectly(server, "Marloes");
    const unknown = `onbekend-${Date.now()}@example.nl`;
    const ip = newClientIp();
    for (const email of [person.email, unknown]) {
      for (let i = 0; i < 3; i++) expect(await (await askReset(email, ip)).text()).toContain(asHtml(nl.passwordReset.sent.split("{{")[0]!));
      const fourth = await (await askReset(email, ip)).text();
      expect(fourth).toContain(asHtml(nl.passwordReset.tooMany.replace("{{minutes}}", "60")));
    }
    const counted = (await sqlRow(server.services.db, sql`select count(*) as n from mail_jobs where kind = 'passwordReset' and to_address in (${person.email}, ${unknown})`)) as { n: number };
    expect(counted.n).toBe(6);
  });

  it("the link from the mail sets a new password once, logs in, and ends every other session", async () => {
    const ip = newClientIp();
    const person = await signUpDirectly(server, "Joris");
    const otherDevice = await logInThroughPage(server, person);
    expect((await getPage(server, "/account", otherDevice)).status).toBe(200);

    const before = smtp.received.length;
    await askReset(person.email, ip);
    const mail = await nextMailTo(person.email, before);
    const resetPath = pathOf(linkIn(mail.text, "/reset-password/"));
    expect(mail.text).toContain("een uur geldig");

    const form = await (await getPage(server, resetPath)).text();
    expect(form).toContain(asHtml(nl.passwordReset.resetTitle));
    const mismatch = await postForm(server, resetPath, { newPassword: "een-nieuw-wachtwoord-1", repeatPassword: "iets anders" });
    expect(await mismatch.text()).toContain(asHtml(nl.forms.passwordsDiffer));

    const done = await postForm(server, resetPath, { newPassword: "een-nieuw-wachtwoord-1", repeatPassword: "een-nieuw-wachtwoord-1" });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/account?passwordReset=1");
    const fresh = sessionCookieOf(done);
    expect(await (await getPage(server, "/account?passwordReset=1", fresh)).text()).toContain(asHtml(nl.passwordReset.done));

    // Every session from before is ended (the browser that asked may be someone else's).
    expect((await getPage(server, "/account", otherDevice)).status).toBe(302);
    expect((await getPage(server, "/account", person.cookie)).status).toBe(302);
    // The old password no longer works, the new one does.
    expect((await postForm(server, "/login", { email: person.email, password: person.password })).status).toBe(200);
    expect((await postForm(server, "/login", { email: person.email, password: "een-nieuw-wachtwoord-1" })).status).toBe(302);
    // The link works once.
    expect(await (await getPage(server, resetPath)).text()).toContain(asHtml(nl.passwordReset.invalid));
    const twice = await postForm(server, resetPath, { newPassword: "nog-een-wachtwoord-2", repeatPassword: "nog-een-wachtwoord-2" });
    expect(twice.status).toBe(200);
    expect(await twice.text()).toContain(asHtml(nl.passwordReset.invalid));
  });

  it("a link older than an hour no longer works", async () => {
    const ip = newClientIp();
    const person = await signUpDirectly(server, "Fenna");
    const before = smtp.received.length;
    await askReset(person.email, ip);
    const resetPath = pathOf(linkIn((await nextMailTo(person.email, before)).text, "/reset-password/"));
    const row = (await sqlRow(server.services.db, sql`select created_at, expires_at from password_resets where user_id = ${person.id}`)) as { created_at: string; expires_at: string };
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(60 * 60_000);
    await sqlRun(server.services.db, sql`update password_resets set expires_at = ${new Date(Date.now() - 1000).toISOString()} where user_id = ${person.id}`);
    expect(await (await getPage(server, resetPath)).text()).toContain(asHtml(nl.passwordReset.invalid));
    const res = await postForm(server, resetPath, { newPassword: "een-nieuw-wachtwoord-1", repeatPassword: "een-nieuw-wachtwoord-1" });
    expect(await res.text()).toContain(asHtml(nl.passwordReset.invalid));
    expect((await postForm(server, "/login", { email: person.email, password: person.password })).status).toBe(302);
  });

  it("is mailed in English to someone who chose English while logged in", async () => {
    const ip = newClientIp();
    const person = await signUpDirectly(server, "Emma");
    await postForm(server, "/language", { language: "en", redirectTo: "/account" }, person.cookie);
    const before = smtp.received.length;
    await askReset(person.email, ip);
    const mail = await nextMailTo(person.email, before);
    expect(mail.subject).toBe("Reset your Koers password");
    expect(mail.text).toContain("Hi Emma,");
  });
});

describe("the account page's mail settings", () => {
  it("keeps which mails and the time zone; a switch-off link shows there as off", async () => {
    const person = await signUpDirectly(server, "Pieter");
    const page = await (await getPage(server, "/account", person.cookie)).text();
    expect(page).toContain(asHtml(nl.mailSettings.kind.meetingReminder));
    expect(page).toMatch(/<option value="Europe\/Amsterdam" selected="">/);

    const saved = await postForm(
      server,
      "/account",
      { intent: "mailSettings", "kind.meetingReminder": "on", "kind.reportSubmitted": "on", "kind.reportReturned": "on", "kind.invite": "on", "kind.signupAttempt": "on", timeZone: "America/Curacao" },
      person.cookie,
    );
    expect(await saved.text()).toContain(asHtml(nl.mailSettings.saved));
    const after = await (await getPage(server, "/account", person.cookie)).text();
    expect(after).toMatch(/<option value="America\/Curacao" selected="">/);
    expect(after).toMatch(/name="kind\.weeklyDigest"(?![^>]*checked)/);
    expect(after).toMatch(/name="kind\.meetingReminder" checked=""/);
    expect(await sqlRows(server.services.db, sql`select kind from mail_opt_outs where address = ${person.email}`)).toEqual([{ kind: "weeklyDigest" }]);

    const wrong = await postForm(server, "/account", { intent: "mailSettings", timeZone: "Mars/Olympus_Mons" }, person.cookie);
    expect(await wrong.text()).toContain(asHtml(nl.mailSettings.timeZoneInvalid));
    expect(((await sqlRow(server.services.db, sql`select time_zone from users where id = ${person.id}`)) as { time_zone: string }).time_zone).toBe("America/Curacao");

    // Switched off through a mail's link: the account page shows it off.
    const token = server.services.mail.links.sign(person.email, "reportSubmitted");
    await postForm(server, `/mail/off/${token}`, {});
    expect(await (await getPage(server, "/account", person.cookie)).text()).toMatch(/name="kind\.reportSubmitted"(?![^>]*checked)/);
  });
});

describe("the outbox page", () => {
  it("does not exist outside development", async () => {
    expect((await getPage(server, "/dev/outbox")).status).toBe(404);
    const person = await signUpDirectly(server, "Noor");
    expect((await getPage(server, "/dev/outbox", person.cookie)).status).toBe(404);
  });
});
