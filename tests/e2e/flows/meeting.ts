import { expect, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import { hydrated } from "./accounts";

// What a person does on the meeting page, shared by the workspace specs of issue #12.

export const agendaItem = (page: Page, title: string) => page.getByTestId("agenda-item").filter({ hasText: title });
export const notes = (page: Page) => page.getByTestId("notes-editor");
export const saveStatus = (page: Page) => page.getByTestId("save-status").first();

/** Adds an agenda item through the form under the agenda ("Toevoegen" for the aios, "Punt voorstellen" for the opleider). */
export async function addAgendaItem(page: Page, title: string, minutes = ""): Promise<void> {
  await page.getByLabel("Nieuw agendapunt").fill(title);
  if (minutes) await page.getByLabel("Tijd in minuten", { exact: true }).fill(minutes);
  await page.locator("form.add-row button[type=submit]").click();
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

/** An agreement made in the meeting at `meetingUrl` (it then shows under "Vorige afspraken" in later meetings). */
export async function addAgreement(page: Page, text: string, followUp: string): Promise<void> {
  await page.getByLabel("Nieuwe afspraak").fill(text);
  await page.getByTestId("new-agreement-date").fill(followUp);
  await page.getByRole("button", { name: "Afspraak toevoegen" }).click();
  await expect(page.getByTestId("agreement").filter({ hasText: text })).toBeVisible();
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
