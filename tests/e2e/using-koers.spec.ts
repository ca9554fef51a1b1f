import fs from "node:fs";
import type { Browser, BrowserContextOptions, Page } from "@playwright/test";
import { test as base, expect } from "./flows/fixture";
import { ServerProcess } from "../support/server-process";
import { startSmtpTestServer, type SmtpTestServer } from "../support/smtp-test-server";
import { hydrated, newPage, pairedPeople, person, signUp, type Person } from "./flows/accounts";
import { Actor, type InputMode } from "./flows/actor";
import { agendaItem, agendaTitles, daysFromToday, meetingReady, notes, saveStatus } from "./flows/meeting";

// README "Using Koers", step by step, as the two people do it: an opleider and an aios, each
// in a browser of their own, only through the pages, asserting what each of them sees. Once
// on a 1366×768 laptop with a mouse, once on a 1024×768 touch tablet (fingers), and once by
// keyboard alone (Tab, Enter, Space, arrows: what Tab cannot reach, that person cannot do).
// The mails the README promises arrive at a real SMTP server started for the test.

const DEVICES: Record<string, { mode: InputMode; context: BrowserContextOptions }> = {
  laptop: { mode: "mouse", context: { viewport: { width: 1366, height: 768 }, locale: "nl-NL" } },
  tablet: { mode: "touch", context: { viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: false, locale: "nl-NL" } },
  keyboard: { mode: "keyboard", context: { viewport: { width: 1366, height: 768 }, locale: "nl-NL" } },
};

const PRACTICE = "Huisartsenpraktijk De Linde";

const test = base.extend<{ smtp: SmtpTestServer }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright's fixture signature
  smtp: async ({}, use) => {
    const smtp = await startSmtpTestServer();
    await use(smtp);
    await smtp.close();
  },
  // The fixture's production server, here with mail going to the test's SMTP server.
  server: async ({ smtp }, use) => {
    const server = await ServerProcess.start((port) => ({ SMTP_URL: smtp.url, APP_URL: `http://localhost:${port}`, MAIL_FROM: "Koers <koers@praktijk.example>" }));
    try {
      await use(server);
    } finally {
      await server.stop();
    }
  },
});

/** The link to `path` in the newest mail to `address` (waits for it). */
async function linkInMail(smtp: SmtpTestServer, address: string, path: string, after: number): Promise<string> {
  await expect.poll(() => smtp.received.slice(after).some((m) => m.to.includes(address)), { timeout: 15_000 }).toBe(true);
  const mail = smtp.received.slice(after).find((m) => m.to.includes(address))!;
  const match = new RegExp(`https?://\\S+${path}\\S*`).exec(mail.text);
  if (!match) throw new Error(`no ${path} link in the mail to ${address}:\n${mail.text}`);
  return match[0];
}

// A control that never becomes usable fails its step, not the whole run's time.
test.use({ actionTimeout: 15_000 });

for (const [device, { mode, context }] of Object.entries(DEVICES)) {
  test(`Using Koers, every step, as opleider and aios on the ${device}`, async ({ browser, server, smtp, pageProblems }) => {
    test.setTimeout(480_000);
    const shoot = async (page: Page, name: string, { whole = true } = {}) => {
      // The laptop and tablet runs make the README's screenshots; the keyboard run looks like the laptop.
      if (mode === "keyboard") return;
      // The meeting page as the person sees it (a full-page shot would paint its sticky lead bar
      // over the fields); the other pages whole.
      const meetingPage = /\/meetings\/[^/]+$/.test(new URL(page.url()).pathname);
      if (meetingPage) await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `docs/screenshots/using-${name}-${device}.png`, fullPage: whole && !meetingPage });
    };
    pageProblems.expect(/ERR_INTERNET_DISCONNECTED/, "requests while the aios's network is off fail, as they should");
    pageProblems.expect(/\/yjs\/.*401|Unexpected response code: 401/, "the aios's other device reconnects after its session ended with the password change");
    await walk(browser, server, smtp, mode, context, shoot);
  });
}

async function walk(
  browser: Browser,
  server: ServerProcess,
  smtp: SmtpTestServer,
  mode: InputMode,
  contextOptions: BrowserContextOptions,
  shoot: (page: Page, name: string, options?: { whole?: boolean }) => Promise<void>,
): Promise<void> {
  const opleiderPerson = person("Dr. Jansen", "opleider");
  const aiosPerson = person("Sanne de Vries", "aios");
  const opleiderPage = await (await browser.newContext(contextOptions)).newPage();
  const aiosPage = await (await browser.newContext(contextOptions)).newPage();
  const opleider = new Actor(opleiderPage, mode);
  const aios = new Actor(aiosPage, mode);
  const today = daysFromToday(0);
  const nextWeek = daysFromToday(7);

  // 1. Sign up at /signup; a password under 10 characters is refused with what was typed kept.
  await opleiderPage.goto(`${server.url}/signup`);
  await hydrated(opleiderPage);
  await expect(opleiderPage.getByRole("heading", { level: 1 })).toHaveText("Maak je account");
  await opleider.fill(opleiderPage.getByLabel("Naam"), opleiderPerson.name);
  await opleider.fill(opleiderPage.getByLabel("E-mailadres"), opleiderPerson.email);
  await opleider.fill(opleiderPage.getByLabel("Wachtwoord"), "kort");
  await opleider.press(opleiderPage.getByRole("button", { name: "Account maken" }));
  await expect(opleiderPage.getByText("Kies een wachtwoord van minstens 10 tekens.")).toBeVisible();
  await expect(opleiderPage.getByLabel("E-mailadres")).toHaveValue(opleiderPerson.email);
  await expect(opleiderPage.getByLabel("Naam")).toHaveValue(opleiderPerson.name);
  await opleider.fill(opleiderPage.getByLabel("Wachtwoord"), opleiderPerson.password);
  await shoot(opleiderPage, "1-signup");
  await opleider.press(opleiderPage.getByRole("button", { name: "Account maken" }));
  // Then log in on the page that follows, the address filled in.
  await expect(opleiderPage.getByTestId("signed-up-notice")).toContainText("Bijna klaar");
  await expect(opleiderPage.getByLabel("E-mailadres")).toHaveValue(opleiderPerson.email);
  await logIn(opleider, opleiderPerson, { addressFilledIn: true });
  await expect(opleiderPage.getByRole("heading", { level: 1 })).toHaveText("Je koppels");
  await expect(opleiderPage.getByText("Je hebt nog geen koppel.")).toBeVisible();

  // 2. Make a koppel: practice name, training year, the period, the role.
  await opleider.press(opleiderPage.getByRole("link", { name: "Nieuw koppel" }));
  await expect(opleiderPage.getByRole("heading", { level: 1 })).toHaveText("Nieuw koppel");
  await hydrated(opleiderPage);
  await opleider.check(opleiderPage.getByRole("radio", { name: "opleider" }));
  await opleider.fill(opleiderPage.getByLabel("Naam van de praktijk"), PRACTICE);
  await opleider.check(opleiderPage.getByRole("radio", { name: "Jaar 1" }));
  await opleider.date(opleiderPage.getByLabel("Begindatum"), daysFromToday(-60));
  await opleider.date(opleiderPage.getByLabel("Einddatum"), daysFromToday(300));
  await shoot(opleiderPage, "2-new-pair");
  await opleider.press(opleiderPage.getByRole("button", { name: "Koppel maken" }));
  await expect(opleiderPage.getByRole("heading", { level: 1 })).toHaveText(PRACTICE);
  await expect(opleiderPage.getByText("jij bent opleider")).toBeVisible();
  // The period reads as dates, with their years.
  const withYear = (iso: string) => new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
  await expect(opleiderPage.getByText(`${withYear(daysFromToday(-60))} tot ${withYear(daysFromToday(300))}`)).toBeVisible();
  const pairUrl = opleiderPage.url();

  // 3. Invite the other person, with their address: Koers mails it, and shows it to copy.
  await hydrated(opleiderPage);
  const mailsBefore = smtp.received.length;
  await opleider.fill(opleiderPage.getByLabel("E-mailadres (optioneel)"), aiosPerson.email);
  await opleider.press(opleiderPage.getByRole("button", { name: "Maak uitnodigingslink" }));
  await expect(opleiderPage.getByTestId("invite-mail-status")).toHaveText(`De uitnodiging wordt gemaild naar ${aiosPerson.email}.`);
  const shownLink = await opleiderPage.getByTestId("invite-link").inputValue();
  expect(shownLink).toMatch(/\/invite\//);
  await expect(opleiderPage.getByText("Deze link werkt één keer en is 7 dagen geldig.")).toBeVisible();
  await shoot(opleiderPage, "3-invite");
  const mailedLink = await linkInMail(smtp, aiosPerson.email, "/invite/", mailsBefore);
  expect(new URL(mailedLink).pathname).toBe(new URL(shownLink).pathname);

  // The aios opens the link from the mail, makes an account through it and lands on the same dashboard.
  await aiosPage.goto(mailedLink);
  await hydrated(aiosPage);
  await expect(aiosPage.getByText(`Dr. Jansen nodigt je uit als aios in het koppel van ${PRACTICE}.`)).toBeVisible();
  await shoot(aiosPage, "3-invite-received");
  await aios.press(aiosPage.getByRole("link", { name: "Account maken" }));
  await expect(aiosPage.getByRole("heading", { level: 1 })).toHaveText("Maak je account");
  await hydrated(aiosPage);
  await aios.fill(aiosPage.getByLabel("Naam"), aiosPerson.name);
  await aios.fill(aiosPage.getByLabel("E-mailadres"), aiosPerson.email);
  await aios.fill(aiosPage.getByLabel("Wachtwoord"), aiosPerson.password);
  await aios.press(aiosPage.getByRole("button", { name: "Account maken" }));
  await expect(aiosPage.getByTestId("signed-up-notice")).toBeVisible();
  await logIn(aios, aiosPerson, { addressFilledIn: true });
  await expect(aiosPage.getByText("Je neemt de uitnodiging aan als Sanne de Vries.")).toBeVisible();
  await aios.press(aiosPage.getByRole("button", { name: "Uitnodiging aannemen" }));
  await expect(aiosPage).toHaveURL(pairUrl);
  await expect(aiosPage.getByText("jij bent aios")).toBeVisible();
  await expect(aiosPage.getByTestId("pair-members")).toContainText("Dr. Jansen");
  await opleiderPage.reload();
  await expect(opleiderPage.getByTestId("pair-members")).toContainText("Sanne de Vries");
  // The link works once.
  const stranger = await (await browser.newContext(contextOptions)).newPage();
  await stranger.goto(shownLink);
  await expect(stranger.getByTestId("invite-problem")).toContainText("al gebruikt");
  await stranger.context().close();

  // 4. Schedule: a time the clock skips is refused, with what was chosen kept.
  await hydrated(aiosPage);
  const schedule = async (who: Actor, options: { kind: string; subkind?: string; date: string; time: string; minutes?: string; title: string; template: boolean; refused?: boolean }) => {
    const page = who.page;
    await who.choose(page.getByLabel("Soort leergesprek"), options.kind);
    if (options.subkind) await who.choose(page.getByLabel("Vorm", { exact: true }), options.subkind);
    await who.date(page.getByLabel("Datum", { exact: true }), options.date);
    await who.time(page.getByLabel("Tijd", { exact: true }), options.time);
    if (options.minutes) await who.fill(page.getByLabel("Duur (minuten)"), options.minutes);
    await who.fill(page.getByLabel("Titel (optioneel)"), options.title);
    await who.check(page.getByLabel(/standaardagenda/), options.template);
    await who.press(page.getByRole("button", { name: "Plannen" }));
    if (!options.refused) await expect(page).toHaveURL(/\/meetings\//);
  };
  await schedule(aios, { kind: "Persoonsgericht leergesprek", date: "2027-03-28", time: "02:30", title: "Zomertijd", template: true, refused: true });
  await expect(aiosPage.getByText(/Dit tijdstip bestaat niet op deze dag/)).toBeVisible();
  await expect(aiosPage.getByLabel("Titel (optioneel)")).toHaveValue("Zomertijd");
  await expect(aiosPage.getByLabel("Soort leergesprek")).toHaveValue("persoonsgericht");
  await hydrated(aiosPage);

  // The meeting of today (taakgericht, casusbespreking, with the kind's default agenda).
  await schedule(aios, { kind: "Taakgericht leergesprek", subkind: "Casusbespreking", date: today, time: "08:00", minutes: "60", title: "Casus COPD", template: true });
  await expect(aiosPage).toHaveURL(/\/meetings\//);
  const meeting1 = aiosPage.url();
  await expect(aiosPage.getByRole("heading", { level: 1 })).toHaveText("Casus COPD");
  for (const fact of ["Taakgericht leergesprek", "Casusbespreking", "08:00", "60 minuten"]) await expect(aiosPage.locator(".meeting-facts")).toContainText(fact);

  // Next week's meeting and one that will be cancelled, planned by the opleider.
  await opleiderPage.goto(pairUrl);
  await hydrated(opleiderPage);
  await schedule(opleider, { kind: "Persoonsgericht leergesprek", date: nextWeek, time: "13:30", title: "Terugblik", template: true });
  const meeting2 = opleiderPage.url();
  await opleiderPage.goto(pairUrl);
  await hydrated(opleiderPage);
  await schedule(opleider, { kind: "Voortgangsgesprek", date: daysFromToday(14), time: "16:00", title: "Wordt geannuleerd", template: false });
  await opleiderPage.goto(pairUrl);
  await aiosPage.goto(pairUrl);
  for (const page of [opleiderPage, aiosPage]) {
    await hydrated(page);
    await expect(page.getByTestId("meeting-list").filter({ hasText: "Casus COPD" }).first()).toBeVisible();
    await expect(page.getByRole("link", { name: /Wordt geannuleerd/ })).toBeVisible();
    // The norms panel: 3 × 45 minutes a week and each kind's interval.
    await expect(page.getByTestId("norms-panel")).toContainText("Minstens 3 leergesprekken van 45 minuten per week");
    await expect(page.getByTestId("norms-panel")).toContainText("Procesgericht leergesprek minstens 1×");
  }
  await shoot(opleiderPage, "4-dashboard");
  // Either of them cancels a meeting that has not started, after confirming; it goes for both.
  await opleider.press(opleiderPage.getByRole("button", { name: /Wordt geannuleerd .* annuleren/ }));
  const dialog = opleiderPage.getByRole("dialog", { name: "Gesprek annuleren?" });
  await expect(dialog).toContainText("Het gesprek verdwijnt voor jullie allebei");
  // (The dialog as seen: a full-page shot would lay its backdrop over the first screen only.)
  await shoot(opleiderPage, "4-cancel-dialog", { whole: false });
  await opleider.press(dialog.getByRole("button", { name: "Ja, annuleer het gesprek" }));
  await expect(opleiderPage.getByTestId("meeting-cancelled")).toContainText("Wordt geannuleerd");
  for (const page of [opleiderPage, aiosPage]) await expect(page.getByRole("link", { name: /Wordt geannuleerd/ })).toHaveCount(0);

  // 5. The workspace: agenda, notes and agreements, co-edited live.
  await aiosPage.goto(meeting1);
  await opleiderPage.goto(meeting1);
  for (const page of [aiosPage, opleiderPage]) {
    await meetingReady(page);
    await expect(page.getByTestId("presence-list")).toContainText("Dr. Jansen");
    await expect(page.getByTestId("presence-list")).toContainText("Sanne de Vries");
  }
  const defaultAgenda = await agendaTitles(aiosPage);
  expect(defaultAgenda.length).toBeGreaterThan(1);
  const onTablet = (contextOptions.viewport?.width ?? 1366) <= 1024;
  const showField = async (who: Actor, tab: "Agenda" | "Notities" | "Afspraken" | "Eigen notities" | "Verslag") => {
    // A narrow screen shows one field at a time, behind tabs.
    if (onTablet) await who.press(who.page.getByRole("tab", { name: tab, exact: true }));
  };
  // The opleider proposes an item, the aios adds one; both see both, the proposal marked.
  await showField(opleider, "Agenda");
  await opleider.fill(opleiderPage.getByLabel("Nieuw agendapunt"), "Omgaan met tijdsdruk");
  await opleider.press(opleiderPage.getByRole("button", { name: "Punt voorstellen" }));
  await aios.fill(aiosPage.getByLabel("Nieuw agendapunt"), "Reflectie op de week");
  await aios.fill(aiosPage.getByLabel("Tijd in minuten", { exact: true }), "10");
  await aios.press(aiosPage.getByRole("button", { name: "Toevoegen", exact: true }));
  for (const page of [aiosPage, opleiderPage]) {
    await expect(agendaItem(page, "Omgaan met tijdsdruk")).toContainText("voorstel opleider");
    await expect(agendaItem(page, "Reflectie op de week")).toBeVisible();
  }
  // Notes: each types, the other sees it, with the writer's named caret.
  await showField(aios, "Notities");
  await showField(opleider, "Notities");
  await aios.typeAtEnd(notes(aiosPage), "Leerdoel: exacerbaties eerder herkennen.");
  await expect(notes(opleiderPage)).toContainText("Leerdoel: exacerbaties eerder herkennen.");
  await opleider.typeAtEnd(notes(opleiderPage), "Let op de inhalatietechniek.");
  await expect(notes(aiosPage)).toContainText("Let op de inhalatietechniek.");
  await expect(aiosPage.locator(".collaboration-carets__label")).toContainText("Dr. Jansen");
  for (const page of [aiosPage, opleiderPage]) await expect(saveStatus(page)).toHaveText("Opgeslagen");
  // Private notes: only their writer can open them.
  await showField(aios, "Eigen notities");
  await aios.typeAtEnd(aiosPage.getByTestId("private-editor"), "Alleen voor mij: vragen naar de ILP-doelen.");
  await expect(aiosPage.getByTestId("private-editor")).toContainText("Alleen voor mij");
  await expect(aiosPage.getByText("Alleen jij kunt deze notities openen.")).toBeVisible();
  await expect(opleiderPage.getByText("Alleen voor mij")).toHaveCount(0);
  // Typed offline: kept in the browser, sent on reconnect.
  await showField(aios, "Notities");
  await aiosPage.context().setOffline(true);
  await expect(saveStatus(aiosPage)).toHaveText("Offline — wijzigingen worden bewaard op dit apparaat", { timeout: 5_000 });
  await aios.typeAtEnd(notes(aiosPage), "Zonder netwerk getypt.");
  await aiosPage.context().setOffline(false);
  await expect(saveStatus(aiosPage)).toHaveText("Opgeslagen", { timeout: 15_000 });
  await expect(notes(opleiderPage)).toContainText("Zonder netwerk getypt.");
  // The template panel offers the kind's question bank.
  await aios.press(aiosPage.getByText("Vragen en standaardagenda"));
  await aios.press(aiosPage.getByRole("button", { name: "Vragen invoegen in de notities" }));
  await expect(notes(opleiderPage).locator("li, p").nth(3)).toBeVisible();
  const notesWithQuestions = (await notes(opleiderPage).innerText()).length;
  expect(notesWithQuestions).toBeGreaterThan(150);
  await shoot(aiosPage, "5-workspace-aios");
  await shoot(opleiderPage, "5-workspace-opleider");

  // The aios leads: starts; the opleider has none of the lead's controls.
  await showField(aios, "Agenda");
  await showField(opleider, "Agenda");
  await expect(opleiderPage.getByRole("button", { name: "Gesprek starten" })).toHaveCount(0);
  await expect(opleiderPage.getByText("De aios leidt het gesprek.")).toBeVisible();
  await expect(opleiderPage.getByRole("button", { name: "Reflectie op de week omhoog" })).toHaveCount(0);
  await aios.press(aiosPage.getByRole("button", { name: "Gesprek starten" }));
  for (const page of [aiosPage, opleiderPage]) await expect(page.getByTestId("meeting-status")).toHaveText("Bezig");
  // Reorders with ↑: one press, one place, on both screens.
  const before = await agendaTitles(aiosPage);
  const last = before.indexOf("Reflectie op de week");
  await aios.press(aiosPage.getByRole("button", { name: "Reflectie op de week omhoog" }));
  const expected = [...before];
  expected.splice(last, 1);
  expected.splice(last - 1, 0, "Reflectie op de week");
  for (const page of [aiosPage, opleiderPage]) await expect.poll(() => agendaTitles(page)).toEqual(expected);
  // Makes an item current: both screens follow, its timer runs.
  await aios.press(aiosPage.getByRole("button", { name: `Bespreken: ${defaultAgenda[0]}` }));
  for (const page of [aiosPage, opleiderPage]) await expect(agendaItem(page, defaultAgenda[0]!)).toHaveAttribute("aria-current", "step");
  await expect(opleiderPage.getByTestId("item-timer")).toBeVisible();
  await aios.press(aiosPage.getByRole("button", { name: "Tijd pauzeren" }));
  await expect(aiosPage.getByRole("button", { name: "Tijd starten" })).toBeVisible();
  await aios.press(aiosPage.getByRole("button", { name: "Tijd starten" }));
  await expect(aiosPage.getByRole("button", { name: "Tijd pauzeren" })).toBeVisible();
  // The opleider suggests moving on; the aios dismisses once, then takes it up.
  await opleider.press(opleiderPage.getByRole("button", { name: "Als volgende voorstellen: Omgaan met tijdsdruk" }));
  await expect(aiosPage.getByTestId("suggestion")).toContainText("Dr. Jansen stelt voor als volgende te bespreken: Omgaan met tijdsdruk");
  await expect(opleiderPage.getByTestId("suggestion")).toContainText("De aios beslist.");
  await shoot(aiosPage, "5-suggestion-aios");
  await aios.press(aiosPage.getByTestId("suggestion").getByRole("button", { name: "Niet nu" }));
  for (const page of [aiosPage, opleiderPage]) await expect(page.getByTestId("suggestion")).toHaveCount(0);
  await expect(agendaItem(aiosPage, defaultAgenda[0]!)).toHaveAttribute("aria-current", "step");
  await opleider.press(opleiderPage.getByRole("button", { name: "Als volgende voorstellen: Omgaan met tijdsdruk" }));
  await aios.press(aiosPage.getByTestId("suggestion").getByRole("button", { name: "Bespreken" }));
  for (const page of [aiosPage, opleiderPage]) await expect(agendaItem(page, "Omgaan met tijdsdruk")).toHaveAttribute("aria-current", "step");

  // 6. Agreements: an owner, a follow-up date and a status each.
  await showField(aios, "Afspraken");
  await showField(opleider, "Afspraken");
  const addAgreement = async (who: Actor, text: string, owner: "aios" | "opleider" | "samen", date: string) => {
    const page = who.page;
    await who.fill(page.getByLabel("Nieuwe afspraak"), text);
    await who.check(page.locator("form").filter({ has: page.getByLabel("Nieuwe afspraak") }).getByRole("radio", { name: owner, exact: true }));
    await who.date(page.getByTestId("new-agreement-date"), date);
    await who.press(page.getByRole("button", { name: "Afspraak toevoegen" }));
  };
  await addAgreement(aios, "Aios leest de NHG-standaard COPD", "aios", daysFromToday(3));
  await addAgreement(opleider, "Opleider plant een observatie", "opleider", daysFromToday(5));
  await addAgreement(aios, "Samen een inhalatie-instructie oefenen", "samen", daysFromToday(6));
  await addAgreement(aios, "Folder over stoppen met roken maken", "aios", daysFromToday(10));
  for (const page of [aiosPage, opleiderPage]) {
    await expect(page.getByTestId("agreement")).toHaveCount(4);
    await expect(page.getByTestId("agreement").filter({ hasText: "Opleider plant een observatie" }).getByRole("radio", { name: "opleider" })).toBeChecked();
    await expect(page.getByTestId("agreement").filter({ hasText: "Samen een inhalatie" }).getByRole("radio", { name: "samen" })).toBeChecked();
  }
  // A status changes on both screens.
  await aios.choose(aiosPage.getByLabel("Status van Folder over stoppen met roken maken"), "Vervallen");
  await expect(opleiderPage.getByLabel("Status van Folder over stoppen met roken maken")).toHaveValue("vervallen");
  await shoot(aiosPage, "6-agreements-aios");

  // The aios ends the meeting, after confirming.
  await aios.press(aiosPage.getByRole("button", { name: "Gesprek afronden" }));
  const endDialog = aiosPage.getByRole("dialog", { name: "Gesprek afronden?" });
  await expect(endDialog).toBeVisible();
  await aios.press(endDialog.getByRole("button", { name: "Ja, gesprek afronden" }));
  for (const page of [aiosPage, opleiderPage]) await expect(page.getByTestId("meeting-status")).toHaveText("Afgerond");
  // On a narrow screen both now look at the verslag's tab, whichever field was open.
  if (onTablet) for (const page of [aiosPage, opleiderPage]) await expect(page.getByRole("tab", { name: "Verslag" })).toHaveAttribute("aria-selected", "true");

  // 7. The report: prefilled, written and submitted by the aios, sent back and confirmed by the opleider.
  const report = (page: Page) => page.getByTestId("report-editor");
  await expect(report(aiosPage)).toContainText("Omgaan met tijdsdruk");
  await aios.typeAtEnd(report(aiosPage), "Reflectie: ik wil de ernst van een exacerbatie sneller inschatten.");
  await expect(saveStatus(aiosPage)).toHaveText("Opgeslagen");
  await expect(opleiderPage.getByText("De aios schrijft het verslag.").first()).toBeVisible();
  await aios.press(aiosPage.getByRole("button", { name: "Verslag indienen" }));
  await expect(opleiderPage.getByTestId("report-status")).toHaveText("Ingediend");
  await expect(report(opleiderPage)).toContainText("Reflectie: ik wil de ernst");
  await shoot(opleiderPage, "7-report-submitted-opleider");
  await opleider.fill(opleiderPage.getByLabel("Opmerking voor de aios"), "Beschrijf ook je plan voor de volgende keer.");
  await opleider.press(opleiderPage.getByRole("button", { name: "Terugsturen met opmerking" }));
  await expect(aiosPage.getByTestId("report-status")).toHaveText("Teruggestuurd");
  await expect(aiosPage.getByTestId("return-comment")).toContainText("Teruggestuurd door Dr. Jansen: Beschrijf ook je plan voor de volgende keer.");
  await shoot(aiosPage, "7-report-returned-aios");
  await aios.typeAtEnd(report(aiosPage), "Plan: volgende keer de CURB-65 gebruiken.");
  await expect(saveStatus(aiosPage)).toHaveText("Opgeslagen");
  await aios.press(aiosPage.getByRole("button", { name: "Opnieuw indienen" }));
  await expect(opleiderPage.getByTestId("report-status")).toHaveText("Ingediend");
  await expect(report(opleiderPage)).toContainText("Plan: volgende keer de CURB-65 gebruiken.");
  await opleider.press(opleiderPage.getByRole("button", { name: "Verslag bevestigen" }));
  for (const page of [aiosPage, opleiderPage]) {
    await expect(page.getByTestId("report-status")).toHaveText("Bevestigd");
    // When, as a date a person reads (it was "2026-12-01").
    await expect(page.getByTestId("report-panel")).toContainText(/Bevestigd door Dr\. Jansen op \d{1,2} [a-z]{3} \d{4}/);
    await expect(page.getByTestId("read-only-notice")).toBeVisible();
    await expect(notes(page)).toHaveAttribute("contenteditable", "false");
  }
  // Download as Markdown, and print.
  const [download] = await Promise.all([aiosPage.waitForEvent("download"), aios.press(aiosPage.getByTestId("download-markdown"))]);
  const markdown = fs.readFileSync((await download.path())!, "utf8");
  expect(markdown).toContain("Aios leest de NHG-standaard COPD");
  expect(markdown).toContain("Plan: volgende keer de CURB-65 gebruiken.");
  await aios.press(aiosPage.getByRole("link", { name: "Afdrukken of bewaren als PDF" }));
  await expect(aiosPage.getByTestId("print-facts")).toContainText(PRACTICE);
  await expect(aiosPage.getByTestId("print-facts")).toContainText("Dr. Jansen");
  await expect(aiosPage.getByTestId("print-agreements")).toContainText("Opleider plant een observatie");
  await shoot(aiosPage, "7-print");
  // The aios downloads all confirmed reports from the account page.
  await aiosPage.goto(`${server.url}/account`);
  await hydrated(aiosPage);
  const [archive] = await Promise.all([
    aiosPage.waitForEvent("download"),
    aios.press(aiosPage.locator("section").filter({ hasText: "Al je bevestigde verslagen" }).getByRole("link", { name: "Download als Markdown" })),
  ]);
  expect(fs.readFileSync((await archive.path())!, "utf8")).toContain("Plan: volgende keer de CURB-65 gebruiken.");

  // 6 (cont.). Before the next meeting: "Voorbereiden" on the dashboard lists the open agreements.
  await opleiderPage.goto(pairUrl);
  await hydrated(opleiderPage);
  await expect(opleiderPage.getByTestId("dashboard-agreements")).toContainText("Aios leest de NHG-standaard COPD");
  await expect(opleiderPage.getByTestId("dashboard-agreements")).not.toContainText("Folder over stoppen met roken");
  await opleider.press(opleiderPage.getByRole("link", { name: "Voorbereiden: open afspraken" }));
  await expect(opleiderPage.getByRole("heading", { level: 1 })).toHaveText("Voorbereiden: open afspraken");
  await hydrated(opleiderPage);
  await expect(opleiderPage.getByTestId("previous-agreement")).toHaveCount(3);
  await shoot(opleiderPage, "6-prepare-opleider");
  // The opleider marks theirs done here, although the meeting it was made in is confirmed.
  await opleider.press(opleiderPage.getByRole("button", { name: "Afgerond: Opleider plant een observatie" }));
  await expect(opleiderPage.getByTestId("previous-agreement")).toHaveCount(2);

  // "Vorige afspraken" in the next meeting: dropped, a new date, onto this meeting's agenda; the other sees it live.
  await aiosPage.goto(meeting2);
  await opleiderPage.goto(meeting2);
  for (const page of [aiosPage, opleiderPage]) {
    await meetingReady(page);
    await expect(page.getByTestId("previous-agreements")).toContainText("Vorige afspraken (2 open)");
  }
  await aios.press(aiosPage.getByTestId("previous-agreements").locator("summary"));
  await opleider.press(opleiderPage.getByTestId("previous-agreements").locator("summary"));
  await aios.press(aiosPage.getByRole("button", { name: "Op de agenda: Aios leest de NHG-standaard COPD" }));
  for (const page of [aiosPage, opleiderPage]) {
    if (onTablet) await (page === aiosPage ? aios : opleider).press(page.getByRole("tab", { name: "Agenda", exact: true }));
    await expect(agendaItem(page, "Aios leest de NHG-standaard COPD")).toBeVisible();
  }
  await aios.date(aiosPage.getByLabel("Nieuwe terugkomdatum voor Aios leest de NHG-standaard COPD"), daysFromToday(21));
  await aios.press(aiosPage.getByTestId("previous-agreement").filter({ hasText: "Aios leest de NHG-standaard COPD" }).getByRole("button", { name: "Nieuwe datum" }));
  await expect(opleiderPage.getByTestId("previous-agreement").filter({ hasText: "Aios leest de NHG-standaard COPD" })).toContainText("terugkomen op");
  await opleider.press(opleiderPage.getByRole("button", { name: "Vervallen: Samen een inhalatie-instructie oefenen" }));
  for (const page of [aiosPage, opleiderPage]) await expect(page.getByTestId("previous-agreements")).toContainText("Vorige afspraken (1 open)");
  await shoot(aiosPage, "6-previous-agreements-aios");

  // Versies: save a version, change the notes, open the version and restore it; both see it live.
  await showField(aios, "Notities");
  await showField(opleider, "Notities");
  await aios.typeAtEnd(notes(aiosPage), "Versie A van de notities.");
  await expect(saveStatus(aiosPage)).toHaveText("Opgeslagen");
  await aios.fill(aiosPage.getByLabel("Naam van de versie (optioneel)"), "Voor de wijziging");
  await aios.press(aiosPage.getByRole("button", { name: "Versie opslaan" }));
  await expect(aiosPage.getByTestId("save-version-message")).toHaveText("Versie opgeslagen.");
  await aios.typeAtEnd(notes(aiosPage), "Versie B, later weer weg.");
  await expect(notes(opleiderPage)).toContainText("Versie B, later weer weg.");
  await expect(saveStatus(aiosPage)).toHaveText("Opgeslagen");
  await opleider.press(opleiderPage.getByRole("link", { name: "Versies" }));
  await expect(opleiderPage.getByRole("heading", { level: 1 })).toHaveText("Versies van dit gesprek");
  await shoot(opleiderPage, "7-versions-opleider");
  await opleider.press(opleiderPage.getByTestId("version-link").filter({ hasText: "Voor de wijziging" }));
  await expect(opleiderPage.getByTestId("version-notes")).toContainText("Versie A van de notities.");
  await expect(opleiderPage.getByTestId("version-notes")).not.toContainText("Versie B");
  await opleider.press(opleiderPage.getByRole("button", { name: "Deze versie terugzetten" }));
  await shoot(opleiderPage, "7-version-restore-opleider");
  await opleider.press(opleiderPage.getByRole("button", { name: "Ja, terugzetten" }));
  await expect(opleiderPage).toHaveURL(meeting2);
  await expect(notes(aiosPage)).not.toContainText("Versie B, later weer weg.");
  await expect(notes(aiosPage)).toContainText("Versie A van de notities.");
  await opleider.press(opleiderPage.getByRole("link", { name: "Versies" }));
  await expect(opleiderPage.getByTestId("version-list")).toContainText("Voor het terugzetten");

  // The account page: a second device of the aios is on the meeting page when the password changes.
  const aiosTablet = await (await browser.newContext(contextOptions)).newPage();
  await aiosTablet.goto(`${server.url}/login?next=${encodeURIComponent(new URL(meeting2).pathname)}`);
  await logIn(new Actor(aiosTablet, mode), aiosPerson);
  await expect(aiosTablet).toHaveURL(meeting2);
  await meetingReady(aiosTablet);
  await aiosPage.goto(`${server.url}/account`);
  await hydrated(aiosPage);
  const newPassword = "een-nieuw-wachtwoord";
  await aios.fill(aiosPage.getByLabel("Huidig wachtwoord"), aiosPerson.password);
  await aios.fill(aiosPage.getByLabel("Nieuw wachtwoord", { exact: true }), newPassword);
  await aios.fill(aiosPage.getByLabel("Herhaal het nieuwe wachtwoord"), newPassword);
  await aios.press(aiosPage.getByRole("button", { name: "Wachtwoord wijzigen" }));
  await expect(aiosPage.getByRole("status").filter({ hasText: "Je wachtwoord is gewijzigd" })).toBeVisible();
  await expect(aiosTablet.getByTestId("access-refusal")).toContainText("Je sessie is verlopen of elders beëindigd.");
  await aiosTablet.context().close();
  // Which mails and in which time zone.
  await hydrated(aiosPage);
  await aios.check(aiosPage.getByLabel(/Maandagochtend/), false);
  await aios.choose(aiosPage.getByLabel("Tijdzone"), "Europe/London");
  await aios.press(aiosPage.getByRole("button", { name: "E-mailinstellingen opslaan" }));
  await expect(aiosPage.getByRole("status").filter({ hasText: "Je e-mailinstellingen zijn opgeslagen." })).toBeVisible();
  await aiosPage.reload();
  await expect(aiosPage.getByLabel(/Maandagochtend/)).not.toBeChecked();
  await expect(aiosPage.getByLabel("Tijdzone")).toHaveValue("Europe/London");
  await shoot(aiosPage, "8-account-aios");
  // The calendar feed.
  await hydrated(aiosPage);
  await aios.press(aiosPage.getByRole("link", { name: "Agenda-koppeling instellen" }));
  await expect(aiosPage.getByRole("heading", { level: 1 })).toHaveText("Agenda-koppeling");
  await hydrated(aiosPage);
  await aios.press(aiosPage.getByRole("button", { name: "Agenda-koppeling aanzetten" }));
  const feedUrl = await aiosPage.getByTestId("calendar-feed-url").inputValue();
  const feed = await (await aiosPage.request.get(feedUrl)).text();
  expect(feed).toContain("BEGIN:VCALENDAR");
  expect(feed).toContain("Terugblik");
  await shoot(aiosPage, "8-calendar-aios");

  // "Wachtwoord vergeten?" mails a one-time link.
  await opleiderPage.goto(`${server.url}/account`);
  await hydrated(opleiderPage);
  await opleider.press(opleiderPage.getByRole("button", { name: "Uitloggen", exact: true }));
  await expect(opleiderPage).toHaveURL(/\/login$/);
  await hydrated(opleiderPage);
  await opleider.press(opleiderPage.getByRole("link", { name: "Wachtwoord vergeten?" }));
  await expect(opleiderPage.getByRole("heading", { level: 1 })).toHaveText("Wachtwoord vergeten");
  await hydrated(opleiderPage);
  const beforeReset = smtp.received.length;
  await opleider.fill(opleiderPage.getByLabel("E-mailadres"), opleiderPerson.email);
  await opleider.press(opleiderPage.getByRole("button", { name: "Stuur me een link" }));
  await expect(opleiderPage.getByTestId("reset-requested")).toContainText(`Als er een account is met ${opleiderPerson.email}`);
  const resetLink = await linkInMail(smtp, opleiderPerson.email, "/reset-password/", beforeReset);
  await opleiderPage.goto(resetLink);
  await hydrated(opleiderPage);
  await opleider.fill(opleiderPage.getByLabel("Nieuw wachtwoord", { exact: true }), "nog-een-nieuw-wachtwoord");
  await opleider.fill(opleiderPage.getByLabel("Herhaal het nieuwe wachtwoord"), "nog-een-nieuw-wachtwoord");
  await opleider.press(opleiderPage.getByRole("button", { name: "Wachtwoord opslaan" }));
  await expect(opleiderPage.getByText("Je nieuwe wachtwoord is opgeslagen.")).toBeVisible();
  // The link works once.
  await opleiderPage.goto(resetLink);
  await expect(opleiderPage.getByTestId("reset-invalid")).toBeVisible();

  // The screens speak Dutch, English from the language switch.
  await opleiderPage.goto(pairUrl);
  await hydrated(opleiderPage);
  await opleider.press(opleiderPage.getByRole("button", { name: "Taal" }));
  await expect(opleiderPage.getByRole("heading", { name: "Upcoming conversations" })).toBeVisible();
  await expect(opleiderPage.getByText("you are the trainer")).toBeVisible();
  await shoot(opleiderPage, "9-dashboard-english");
  await opleider.press(opleiderPage.getByRole("button", { name: "Language" }));
  await expect(opleiderPage.getByRole("heading", { name: "Komende gesprekken" })).toBeVisible();
}

/** Logs in on the login page that is open (the address may be filled in already). */
async function logIn(who: Actor, account: Person, { addressFilledIn = false } = {}): Promise<void> {
  const page = who.page;
  await hydrated(page);
  if (!addressFilledIn) await who.fill(page.getByLabel("E-mailadres"), account.email);
  await who.fill(page.getByLabel("Wachtwoord"), account.password);
  await who.press(page.getByRole("button", { name: "Inloggen" }));
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
}

test("a page that does not exist and another pair's page answer in the person's language, with a way back", async ({ browser, server, pageProblems }) => {
  const { opleider, pairUrl } = await pairedPeople(browser, server.url);
  const outsider = await newPage(browser);
  await signUp(outsider, person("Dr. Buiten", "outsider"), server.url);
  pageProblems.expect(/\/bestaat-niet|\/meetings\/00000000-0000-0000-0000-000000000000/, "the test asks for pages that do not exist (404)");
  pageProblems.expect(/\/pairs\/[0-9a-f-]+(: 403|\) on)/, "the outsider opens another pair's page (403)");
  for (const [device, options] of [
    ["laptop", DEVICES.laptop!.context],
    ["tablet", DEVICES.tablet!.context],
  ] as const) {
    await outsider.setViewportSize(options.viewport!);
    expect((await outsider.goto(`${server.url}/bestaat-niet`))?.status()).toBe(404);
    await expect(outsider.getByRole("heading", { level: 1 })).toHaveText("Niet gevonden");
    await expect(outsider.getByText("Deze pagina bestaat niet.")).toBeVisible();
    await outsider.screenshot({ path: `docs/screenshots/using-404-${device}.png`, fullPage: true });
    expect((await outsider.goto(pairUrl))?.status()).toBe(403);
    await expect(outsider.getByRole("heading", { level: 1 })).toHaveText("Geen toegang");
    await expect(outsider.getByText("Dit hoort bij een koppel waar je geen deel van uitmaakt.")).toBeVisible();
    await outsider.screenshot({ path: `docs/screenshots/using-403-${device}.png`, fullPage: true });
  }
  // A meeting that does not exist, and the way back.
  expect((await opleider.goto(`${server.url}/meetings/00000000-0000-0000-0000-000000000000`))?.status()).toBe(404);
  await expect(opleider.getByRole("heading", { level: 1 })).toHaveText("Niet gevonden");
  await opleider.getByRole("link", { name: "Naar de startpagina" }).click();
  await expect(opleider.getByRole("heading", { level: 1 })).toHaveText("Huisartsenpraktijk De Linde");
});
