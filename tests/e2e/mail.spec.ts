import { test, expect } from "./flows/fixture";
import type { Page } from "@playwright/test";
import { ServerProcess } from "../support/server-process";
import { startSmtpTestServer, type SmtpTestServer, type ReceivedMail } from "../support/smtp-test-server";
import { createPair, cspViolations, hydrated, newPage, person, scheduleMeeting, signUp } from "./flows/accounts";

// E-mail in a real browser, with a real SMTP server started by the test and the production
// server sending to it: the invite form mails the link, the invited aios follows it from the
// mail; "Wachtwoord vergeten" → the link from the mail → a new password → logged in, and the
// sessions from before are closed (an open meeting page is told at once).

let smtp: SmtpTestServer;
let server: ServerProcess;

test.beforeEach(async () => {
  smtp = await startSmtpTestServer();
  server = await ServerProcess.start((port) => ({ SMTP_URL: smtp.url, APP_URL: `http://localhost:${port}`, MAIL_FROM: "Koers <koers@praktijk.example>" }));
});
test.afterEach(async ({ browser }) => {
  // The pages go first: a page left open would log its reconnects to the stopped server.
  await Promise.all(browser.contexts().map((context) => context.close().catch(() => {})));
  await server?.stop();
  await smtp?.close();
  expect(cspViolations.splice(0)).toEqual([]);
});

async function mailTo(address: string, after = 0): Promise<ReceivedMail> {
  await expect.poll(() => smtp.received.slice(after).some((m) => m.to.includes(address)), { timeout: 15_000 }).toBe(true);
  return smtp.received.slice(after).find((m) => m.to.includes(address))!;
}

function linkIn(mail: ReceivedMail, path: string): string {
  const match = new RegExp(`https?://\\S+${path}\\S*`).exec(mail.text);
  if (!match) throw new Error(`no ${path} link in the mail:\n${mail.text}`);
  return match[0];
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const [width, suffix] of [
    [1366, ""],
    [1024, "-1024"],
  ] as const) {
    await page.setViewportSize({ width, height: 768 });
    await page.screenshot({ path: `docs/screenshots/${name}${suffix}.png`, fullPage: true });
  }
}

test("the invite is mailed; the aios follows the link from the mail; both set which mails they get", async ({ browser }) => {
  const opleiderPerson = person("Dr. Jansen", "opleider");
  const aiosPerson = person("Sanne de Vries", "aios");
  const opleider = await newPage(browser);
  await signUp(opleider, opleiderPerson, server.url);
  const pairUrl = await createPair(opleider, "opleider", "Huisartsenpraktijk De Linde");

  await opleider.getByLabel("E-mailadres (optioneel)").fill(aiosPerson.email);
  await opleider.getByRole("button", { name: "Maak uitnodigingslink" }).click();
  await expect(opleider.getByTestId("invite-mail-status")).toHaveText(`De uitnodiging wordt gemaild naar ${aiosPerson.email}.`);
  const shown = await opleider.getByTestId("invite-link").inputValue();
  await shoot(opleider, "mail-invite-opleider");

  const invite = await mailTo(aiosPerson.email);
  expect(invite.subject).toBe("Dr. Jansen nodigt je uit in Koers (Huisartsenpraktijk De Linde)");
  expect(invite.from).toBe("koers@praktijk.example");
  expect(linkIn(invite, "/invite/")).toBe(shown);
  // How the HTML part looks in a mail program (rendered as is, no scripts).
  const mailView = await browser.newPage({ viewport: { width: 800, height: 700 } });
  await mailView.setContent(invite.html);
  await mailView.screenshot({ path: "docs/screenshots/mail-invite-message.png", fullPage: true });
  await mailView.close();

  // The aios opens the link from the mail, makes an account and accepts.
  const aios = await newPage(browser);
  await aios.goto(linkIn(invite, "/invite/"));
  await hydrated(aios);
  await expect(aios.getByText("Dr. Jansen nodigt je uit als aios in het koppel van Huisartsenpraktijk De Linde.")).toBeVisible();
  await aios.getByRole("link", { name: "Account maken" }).click();
  await signUp(aios, aiosPerson);
  await aios.getByRole("button", { name: "Uitnodiging aannemen" }).click();
  await expect(aios).toHaveURL(pairUrl);

  // The aios only wants the reminders, computed in Curaçao time.
  await aios.goto(`${server.url}/account`);
  await hydrated(aios);
  const settings = aios.getByTestId("mail-settings");
  await expect(settings.getByRole("checkbox", { name: /Maandagochtend/ })).toBeChecked();
  await settings.getByRole("checkbox", { name: /Maandagochtend/ }).uncheck();
  await settings.getByLabel("Tijdzone").selectOption("America/Curacao");
  await settings.getByRole("button", { name: "E-mailinstellingen opslaan" }).click();
  await expect(aios.getByRole("status").filter({ hasText: "Je e-mailinstellingen zijn opgeslagen." })).toBeVisible();
  await aios.reload();
  await expect(aios.getByTestId("mail-settings").getByRole("checkbox", { name: /Maandagochtend/ })).not.toBeChecked();
  await expect(aios.getByTestId("mail-settings").getByLabel("Tijdzone")).toHaveValue("America/Curacao");
  await shoot(aios, "mail-account-settings-aios");

  await opleider.goto(`${server.url}/account`);
  await hydrated(opleider);
  await expect(opleider.getByTestId("mail-settings").getByRole("checkbox", { name: /verslag is ingediend/ })).toBeChecked();
  await opleider.getByTestId("mail-settings").scrollIntoViewIfNeeded();
  await shoot(opleider, "mail-account-settings-opleider");
});

test("Wachtwoord vergeten: the link from the mail sets a new password, logs in, and closes the old sessions", async ({ browser }) => {
  const aiosPerson = person("Sanne de Vries", "aios");
  const aios = await newPage(browser);
  await signUp(aios, aiosPerson, server.url);
  await createPair(aios, "aios", "Huisartsenpraktijk De Linde");
  const meetingUrl = await scheduleMeeting(aios, { template: false });
  await expect(aios.getByTestId("save-status").first()).toHaveText("Opgeslagen");

  // On another computer, the aios has forgotten the password.
  const phone = await newPage(browser);
  await phone.goto(`${server.url}/login`);
  await hydrated(phone);
  await phone.getByRole("link", { name: "Wachtwoord vergeten?" }).click();
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Wachtwoord vergeten");
  await hydrated(phone);
  await shoot(phone, "mail-forgot-password");
  await phone.getByLabel("E-mailadres").fill(aiosPerson.email);
  await phone.getByRole("button", { name: "Stuur me een link" }).click();
  await expect(phone.getByTestId("reset-requested")).toContainText(`Als er een account is met ${aiosPerson.email}`);

  const mail = await mailTo(aiosPerson.email);
  expect(mail.subject).toBe("Je wachtwoord voor Koers opnieuw instellen");
  await phone.goto(linkIn(mail, "/reset-password/"));
  await hydrated(phone);
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Kies een nieuw wachtwoord");
  await shoot(phone, "mail-reset-password");
  await phone.getByLabel("Nieuw wachtwoord", { exact: true }).fill("een-heel-nieuw-wachtwoord");
  await phone.getByLabel("Herhaal het nieuwe wachtwoord").fill("een-heel-nieuw-wachtwoord");
  await phone.getByRole("button", { name: "Wachtwoord opslaan" }).click();

  // Logged in with the new password…
  await expect(phone).toHaveURL(/\/account\?passwordReset=1$/);
  await expect(phone.getByRole("status").filter({ hasText: "Je nieuwe wachtwoord is opgeslagen" })).toBeVisible();
  await expect(phone.getByTestId("account-link")).toHaveText(aiosPerson.name);

  // …and the session from before is closed: the open meeting page is told at once, and a reload asks to log in.
  await expect(aios.getByTestId("access-refusal")).toContainText("Je sessie is verlopen");
  await aios.goto(meetingUrl);
  await expect(aios).toHaveURL(/\/login\?next=/);
  await aios.getByLabel("E-mailadres").fill(aiosPerson.email);
  await aios.getByLabel("Wachtwoord").fill(aiosPerson.password);
  await aios.getByRole("button", { name: "Inloggen" }).click();
  await expect(aios.getByRole("alert")).toHaveText("Dit e-mailadres en wachtwoord horen niet bij elkaar.");
  await aios.getByLabel("Wachtwoord").fill("een-heel-nieuw-wachtwoord");
  await aios.getByRole("button", { name: "Inloggen" }).click();
  await expect(aios).toHaveURL(meetingUrl);

  // The link worked once.
  await phone.goto(linkIn(mail, "/reset-password/"));
  await expect(phone.getByTestId("reset-invalid")).toContainText("De link is al gebruikt");
});
