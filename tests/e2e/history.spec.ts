import { test, expect } from "./flows/fixture";
import type { Page } from "@playwright/test";
import { hydrated, pairedPeople, scheduleMeeting } from "./flows/accounts";
import { screenshotAt, watchPageProblems } from "./flows/page-problems";

// Issue #12.1 and #13.5: "Versies" shows a version as it was, with its changes marked, and
// restores it for both people at once; "Versie opslaan" refuses copies and floods.

const notes = (page: Page) => page.getByTestId("notes-editor");

async function typeInNotes(page: Page, text: string) {
  await notes(page).click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type(text);
}

async function saveVersion(page: Page, label: string) {
  await page.getByLabel("Naam van de versie (optioneel)").fill(label);
  await page.getByRole("button", { name: "Versie opslaan" }).click();
}

test("a version opens as it was with its changes marked; restoring it reaches the other person live and keeps the version from before", async ({ browser, server }) => {
  test.setTimeout(150_000);
  const { opleider, aios } = await pairedPeople(browser, server.url);
  const problems = watchPageProblems(opleider, aios);
  const meetingUrl = await scheduleMeeting(aios, { title: "Casusbespreking COPD", template: false });
  await opleider.goto(meetingUrl);
  for (const page of [aios, opleider]) await expect(page.getByTestId("save-status").first()).toHaveText("Opgeslagen");

  // The first state: one agenda item, a note, an agreement; the aios saves it as a version.
  await aios.getByLabel("Nieuw agendapunt").fill("Casus COPD-exacerbatie");
  await aios.getByRole("button", { name: "Toevoegen", exact: true }).click();
  await typeInNotes(aios, "Eerst de ernst inschatten");
  await aios.getByLabel("Nieuwe afspraak").fill("Richtlijn COPD lezen");
  await aios.getByTestId("new-agreement-date").fill("2026-12-08");
  await aios.getByRole("button", { name: "Afspraak toevoegen" }).click();
  await expect(opleider.getByTestId("agreement").filter({ hasText: "Richtlijn COPD lezen" })).toBeVisible();
  await expect(aios.getByTestId("save-status").first()).toHaveText("Opgeslagen");
  await saveVersion(aios, "Voor de pauze");
  await expect(aios.getByTestId("save-version-message")).toHaveText("Versie opgeslagen.");

  // #13.5: the same again is no new version, and neither is a second one within the minute.
  await saveVersion(aios, "Nog een keer");
  await expect(aios.getByTestId("save-version-message")).toContainText("Niet opgeslagen: er is niets veranderd sinds de versie van");

  // The opleider changes things; then a new version is refused for now (one a minute).
  await typeInNotes(opleider, "Tip: CURB-65 gebruiken");
  await opleider.getByLabel("Nieuw agendapunt").fill("Omgaan met tijdsdruk");
  await opleider.getByRole("button", { name: "Punt voorstellen", exact: true }).click();
  await expect(aios.getByTestId("agenda-item")).toHaveCount(2);
  await expect(opleider.getByTestId("save-status").first()).toHaveText("Opgeslagen");
  await saveVersion(opleider, "Na de tip");
  await expect(opleider.getByTestId("save-version-message")).toContainText(/Eén versie per minuut: probeer het over \d+ seconden? opnieuw\./);

  // Both leave the meeting: the version "Iedereen vertrok" keeps the latest state.
  for (const page of [aios, opleider]) await page.getByRole("link", { name: "Versies" }).click();
  // "Iedereen vertrok" is stored a moment after the last connection closed: reload until it is listed
  // (each try short, or the first one would use up the whole wait without reloading).
  await expect(async () => {
    await aios.reload();
    await expect(aios.getByTestId("version-link")).toHaveCount(2, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(aios.getByTestId("version-link").first()).toContainText("Iedereen vertrok");
  await expect(aios.getByTestId("version-link").nth(1)).toContainText("Voor de pauze");

  // Clicking the newest version shows its content, read-only, with the changes since "Voor de pauze" marked.
  await aios.getByTestId("version-link").first().click();
  await expect(aios.getByRole("heading", { level: 1 })).toContainText("Versie van");
  const content = aios.getByTestId("version-content");
  await expect(content.getByTestId("version-notes")).toContainText("Eerst de ernst inschatten");
  await expect(content.locator('[data-change="added"]').filter({ hasText: "Tip: CURB-65 gebruiken" })).toContainText("nieuw");
  await expect(content.getByTestId("version-agenda").locator('[data-change="added"]')).toContainText("Omgaan met tijdsdruk");
  await expect(content.getByTestId("version-agenda").locator('[data-change="unchanged"]')).toContainText("Casus COPD-exacerbatie");
  await expect(content.getByTestId("version-agreements")).toContainText("Richtlijn COPD lezen");
  await expect(content.locator('[contenteditable="true"], input, textarea')).toHaveCount(0);
  await screenshotAt(aios, "history-version", { width: 1366, height: 768 });
  await screenshotAt(aios, "history-version", { width: 1024, height: 768 });

  // The older version, opened by its address: as it was, before the tip.
  const olderPath = (await aios.getByRole("link", { name: /Oudere versie/ }).getAttribute("href"))!;
  expect(olderPath).toMatch(/\/history\/\d+$/);
  await aios.goto(`${server.url}${olderPath}`);
  await hydrated(aios);
  await expect(aios.getByTestId("version-compared")).toHaveText("Dit is de eerste opgeslagen versie.");
  await expect(aios.getByTestId("version-notes")).toContainText("Eerst de ernst inschatten");
  await expect(aios.getByTestId("version-notes")).not.toContainText("CURB-65");
  await expect(aios.getByTestId("version-agenda")).not.toContainText("Omgaan met tijdsdruk");

  // The opleider is back in the meeting; the aios restores "Voor de pauze", after a confirmation.
  await opleider.goto(meetingUrl);
  await expect(notes(opleider)).toContainText("Tip: CURB-65 gebruiken");
  await aios.getByRole("button", { name: "Deze versie terugzetten" }).click();
  const dialog = aios.getByRole("alertdialog");
  await expect(dialog).toContainText("terugzetten?");
  await expect(dialog.getByRole("button", { name: "Ja, terugzetten" })).toBeFocused();
  await dialog.getByRole("button", { name: "Annuleren" }).click();
  await expect(aios.getByRole("alertdialog")).toHaveCount(0);
  await expect(notes(opleider)).toContainText("Tip: CURB-65 gebruiken"); // nothing happened
  await aios.getByRole("button", { name: "Deze versie terugzetten" }).click();
  await screenshotAt(aios, "history-restore-confirm", { width: 1024, height: 768 });
  await aios.getByRole("button", { name: "Ja, terugzetten" }).click();

  // The opleider sees it live, without a reload; the aios lands in the meeting with it.
  await expect(notes(opleider)).not.toContainText("Tip: CURB-65 gebruiken");
  await expect(notes(opleider)).toContainText("Eerst de ernst inschatten");
  await expect(opleider.getByTestId("agenda-item")).toHaveCount(1);
  await expect(aios).toHaveURL(meetingUrl);
  await expect(notes(aios)).toContainText("Eerst de ernst inschatten");
  await expect(notes(aios)).not.toContainText("CURB-65");

  // Nothing is lost: the state before the restore is a version at the top, and it still has the tip.
  await aios.getByRole("link", { name: "Versies" }).click();
  await expect(aios.getByTestId("version-link").first()).toContainText("Voor het terugzetten");
  await expect(aios.getByTestId("version-link")).toHaveCount(3);
  await aios.getByTestId("version-link").first().click();
  await expect(aios.getByTestId("version-notes")).toContainText("Tip: CURB-65 gebruiken");
  problems.expectNone();
});
