import { expect, type Browser, type Page } from "@playwright/test";

// What a person does in the browser to get going: sign up, make a pair, invite, accept.
// Shared by the end-to-end tests; every step goes through the real pages.

export interface Person {
  name: string;
  email: string;
  password: string;
}

export function person(name: string, tag: string): Person {
  return { name, email: `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.nl`, password: "lang-genoeg-wachtwoord" };
}

/** Console errors that mean the app broke under its own Content-Security-Policy. */
export const cspViolations: string[] = [];
export function watchForCspViolations(page: Page): void {
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
}

export async function newPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  watchForCspViolations(page);
  return page;
}

/** Waits until React has hydrated the page, so typed values and clicks reach its handlers. */
export async function hydrated(page: Page): Promise<void> {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

/**
 * Fills the sign-up form (on the current page, or at /signup) and submits it, then logs in on
 * the page that follows (its address is filled in already), as a new owner does: sign-up
 * itself logs nobody in, so it cannot tell a stranger whether an address has an account.
 */
export async function signUp(page: Page, who: Person, baseUrl?: string): Promise<void> {
  if (baseUrl) await page.goto(`${baseUrl}/signup`);
  await hydrated(page);
  await page.getByLabel("Naam").fill(who.name);
  await page.getByLabel("E-mailadres").fill(who.email);
  await page.getByLabel("Wachtwoord").fill(who.password);
  await page.getByRole("button", { name: "Account maken" }).click();
  await expect(page.getByTestId("signed-up-notice")).toBeVisible();
  await logIn(page, who);
}

/** Fills the login form on the current page and submits it (the address may be filled in already). */
export async function logIn(page: Page, who: Person): Promise<void> {
  await hydrated(page);
  await page.getByLabel("E-mailadres").fill(who.email);
  await page.getByLabel("Wachtwoord").fill(who.password);
  await page.getByRole("button", { name: "Inloggen" }).click();
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
}

/** Creates a pair from the home page with the given role; returns the pair page's URL. */
export async function createPair(page: Page, role: "opleider" | "aios", practice: string): Promise<string> {
  await hydrated(page);
  await page.getByRole("link", { name: "Nieuw koppel" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nieuw koppel");
  await page.getByRole("radio", { name: role }).check();
  await page.getByLabel("Naam van de praktijk").fill(practice);
  await page.getByRole("radio", { name: "Jaar 1" }).check();
  await page.getByLabel("Begindatum").fill("2026-09-01");
  await page.getByLabel("Einddatum").fill("2027-08-31");
  await page.getByRole("button", { name: "Koppel maken" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(practice);
  return page.url();
}

/** Makes an invite link on the pair page and reads it from the copy field. */
export async function makeInviteLink(page: Page): Promise<string> {
  await hydrated(page);
  await page.getByRole("button", { name: "Maak uitnodigingslink" }).click();
  const field = page.getByTestId("invite-link");
  await expect(field).toHaveValue(/\/invite\//);
  return field.inputValue();
}

/** Schedules a meeting on the pair page; returns the meeting page's URL. */
export async function scheduleMeeting(
  page: Page,
  options: { kind?: string; date?: string; time?: string; title?: string; template?: boolean } = {},
): Promise<string> {
  await hydrated(page);
  if (options.kind) await page.getByLabel("Soort leergesprek").selectOption({ label: options.kind });
  await page.getByLabel("Datum", { exact: true }).fill(options.date ?? "2026-11-24");
  await page.getByLabel("Tijd", { exact: true }).fill(options.time ?? "13:30");
  if (options.title) await page.getByLabel("Titel (optioneel)").fill(options.title);
  if (options.template === false) await page.getByLabel(/standaardagenda/).uncheck();
  await page.getByRole("button", { name: "Plannen" }).click();
  await expect(page).toHaveURL(/\/meetings\//);
  return page.url();
}

/** An opleider and an aios in one pair, each logged in in their own browser context. */
export async function pairedPeople(browser: Browser, baseUrl: string, practice = "Huisartsenpraktijk De Linde") {
  const opleiderPerson = person("Dr. Jansen", "opleider");
  const aiosPerson = person("Sanne de Vries", "aios");
  const opleider = await newPage(browser);
  await signUp(opleider, opleiderPerson, baseUrl);
  const pairUrl = await createPair(opleider, "opleider", practice);
  const link = await makeInviteLink(opleider);

  const aios = await newPage(browser);
  await aios.goto(link);
  await hydrated(aios);
  await aios.getByRole("link", { name: "Account maken" }).click();
  await signUp(aios, aiosPerson);
  await aios.getByRole("button", { name: "Uitnodiging aannemen" }).click();
  await expect(aios).toHaveURL(pairUrl);
  return { opleider, aios, pairUrl, link, opleiderPerson, aiosPerson };
}
