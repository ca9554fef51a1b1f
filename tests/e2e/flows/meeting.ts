import { expect, type Page } from "@playwright/test";

// Steps inside a meeting, shared by the specs of the verslag, the versions and the norms.

/** A calendar date `days` from today, "YYYY-MM-DD" (the date field's format). */
export function daysFromToday(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** The aios adds an agenda item with the add form. */
export async function addAgendaItem(page: Page, title: string): Promise<void> {
  await page.getByLabel("Nieuw agendapunt").fill(title);
  await page.getByRole("button", { name: "Toevoegen", exact: true }).click();
  await expect(page.getByTestId("agenda-item").filter({ hasText: title })).toBeVisible();
}

/** Adds an agreement with the add form, optionally with a follow-up date. */
export async function addAgreement(page: Page, text: string, followUpDate?: string): Promise<void> {
  await page.getByLabel("Nieuwe afspraak").fill(text);
  if (followUpDate) await page.getByTestId("new-agreement-date").fill(followUpDate);
  await page.getByRole("button", { name: "Afspraak toevoegen" }).click();
  await expect(page.getByTestId("agreement").filter({ hasText: text })).toBeVisible();
}

/** Types a new paragraph at the end of the notes. */
export async function typeInNotes(page: Page, text: string): Promise<void> {
  await page.getByTestId("notes-editor").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type(text);
}

/** Waits until everything typed on this page is stored on the server. */
export async function saved(page: Page): Promise<void> {
  await expect(page.getByTestId("save-status").first()).toHaveText("Opgeslagen");
}

/**
 * The aios ends the meeting ("Gesprek afronden"); if the page asks to confirm first (issue
 * #12.12 adds that), the confirmation is accepted.
 */
export async function endMeeting(page: Page): Promise<void> {
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Gesprek afronden" }).click();
  const confirm = page.getByRole("dialog").getByRole("button", { name: /afronden/i });
  const status = page.getByTestId("meeting-status");
  await expect(async () => {
    if ((await status.textContent()) !== "Afgerond" && (await confirm.count()) > 0) await confirm.first().click();
    await expect(status).toHaveText("Afgerond", { timeout: 1000 });
  }).toPass({ timeout: 10_000 });
}
