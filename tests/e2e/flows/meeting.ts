import { expect, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import { hydrated } from "./accounts";

// What a person does on the meeting page, shared by the workspace, verslag, versions and norms specs.

export const agendaItem = (page: Page, title: string) => page.getByTestId("agenda-item").filter({ hasText: title });
export const notes = (page: Page) => page.getByTestId("notes-editor");
export const saveStatus = (page: Page) => page.getByTestId("save-status").first();

/** A calendar date `days` from today, "YYYY-MM-DD" (the date field's format). */
export function daysFromToday(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** Adds an agenda item through the form under the agenda ("Toevoegen" for the aios, "Punt voorstellen" for the opleider). */
export async function addAgendaItem(page: Page, title: string, minutes = ""): Promise<void> {
  await page.getByLabel("Nieuw agendapunt").fill(title);
  if (minutes) await page.getByLabel("Tijd in minuten", { exact: true }).fill(minutes);
  await page.locator("form.add-row button[type=submit]").click();
  await expect(agendaItem(page, title)).toBeVisible();
}

/** The agenda's item titles in the order a person sees them. */
export async function agendaTitles(page: Page): Promise<string[]> {
  return page.getByTestId("agenda-item").locator(".agenda-item-title").allInnerTexts();
}

/** Waits until the meeting page is hydrated and its shared document is stored ("Opgeslagen", in either language). */
export async function meetingReady(page: Page): Promise<void> {
  await hydrated(page);
  await expect(saveStatus(page)).toHaveAttribute("data-status", "saved");
}

/** The same person in a new browser context (same session cookie), e.g. a tablet with touch. */
export async function sameUserOn(browser: Browser, page: Page, options: BrowserContextOptions): Promise<Page> {
  const context = await browser.newContext({ ...options, storageState: await page.context().storageState() });
  return context.newPage();
}

/** Adds an agreement with the add form, optionally with a follow-up date (it then shows under "Vorige afspraken" in later meetings). */
export async function addAgreement(page: Page, text: string, followUpDate?: string): Promise<void> {
  await page.getByLabel("Nieuwe afspraak").fill(text);
  if (followUpDate) await page.getByTestId("new-agreement-date").fill(followUpDate);
  await page.getByRole("button", { name: "Afspraak toevoegen" }).click();
  await expect(page.getByTestId("agreement").filter({ hasText: text })).toBeVisible();
}

/** Types a new paragraph at the end of the notes. */
export async function typeInNotes(page: Page, text: string): Promise<void> {
  await notes(page).click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type(text);
}

/** Waits until everything typed on this page is stored on the server. */
export async function saved(page: Page): Promise<void> {
  await expect(saveStatus(page)).toHaveText("Opgeslagen");
}

/** The aios ends the meeting: "Gesprek afronden", then "Ja, gesprek afronden" in the confirmation dialog. */
export async function endMeeting(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Gesprek afronden" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Ja, gesprek afronden" }).click();
  await expect(page.getByTestId("meeting-status")).toHaveText("Afgerond");
}

/** What has keyboard focus now, as a screen reader names it (aria-label, or its text without aria-hidden parts), or "<body>". */
export async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    if (!active || active === document.body) return "<body>";
    const label = active.getAttribute("aria-label");
    if (label) return label;
    const copy = active.cloneNode(true) as HTMLElement;
    copy.querySelectorAll("[aria-hidden='true']").forEach((hidden) => hidden.remove());
    return (copy.textContent ?? active.tagName).replace(/\s+/g, " ").trim();
  });
}
