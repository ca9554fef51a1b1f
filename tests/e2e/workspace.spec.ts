import { test, expect } from "./flows/fixture";
import type { Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { pairedPeople, scheduleMeeting } from "./flows/accounts";

const agendaItem = (page: Page, title: string) => page.getByTestId("agenda-item").filter({ hasText: title });

async function addAgendaItem(page: Page, title: string, minutes: string, button: "Toevoegen" | "Punt voorstellen") {
  await page.getByLabel("Nieuw agendapunt").fill(title);
  await page.getByLabel("Tijd in minuten", { exact: true }).fill(minutes);
  await page.getByRole("button", { name: button, exact: true }).click();
}

test("the aios leads a leergesprek: agenda, lead, notes under the item, an agreement; all there after reload", async ({ browser, server }) => {
  test.setTimeout(150_000); // two people, a whole meeting, a reload and an accessibility scan
  const { opleider, aios } = await pairedPeople(browser, server.url);
  const meetingUrl = await scheduleMeeting(aios, { title: "Consultbespreking week 48", template: false });
  await opleider.goto(meetingUrl);
  for (const page of [aios, opleider]) await expect(page.getByTestId("save-status").first()).toHaveText("Opgeslagen");

  await addAgendaItem(aios, "Terugblik vorige afspraken", "5", "Toevoegen");
  await addAgendaItem(aios, "Consult met SOLK-patiënt", "15", "Toevoegen");
  await addAgendaItem(opleider, "Omgaan met tijdsdruk", "10", "Punt voorstellen");
  for (const page of [aios, opleider]) await expect(page.getByTestId("agenda-item")).toHaveCount(3);
  // The opleider's item shows as a proposal on both screens.
  await expect(agendaItem(aios, "Omgaan met tijdsdruk")).toContainText("voorstel opleider");

  // Only the aios has the lead controls.
  await expect(opleider.getByRole("button", { name: "Gesprek starten" })).toHaveCount(0);
  await aios.getByRole("button", { name: "Gesprek starten" }).click();
  await expect(opleider.getByTestId("meeting-status")).toHaveText("Bezig");

  await aios.getByRole("button", { name: "Bespreken: Consult met SOLK-patiënt" }).click();
  // The opleider's screen follows within a second.
  await expect(agendaItem(opleider, "Consult met SOLK-patiënt")).toHaveAttribute("aria-current", "step", { timeout: 1000 });
  await expect(agendaItem(opleider, "Consult met SOLK-patiënt")).toHaveClass(/is-current/);
  // Both see the item's time against its time box.
  await expect(opleider.getByTestId("item-timer")).toContainText("Consult met SOLK-patiënt: 0:0");
  await expect(opleider.getByTestId("item-timer")).toContainText("van 15 min");

  // The notes got a heading for the item; both type under it.
  const notes = (page: Page) => page.getByTestId("notes-editor");
  await expect(notes(opleider).getByRole("heading", { name: "Consult met SOLK-patiënt" })).toBeVisible();
  await notes(aios).click();
  await aios.keyboard.press("Control+End");
  await aios.keyboard.type("Patiënt met buikpijn, derde consult.");
  // While the aios types, the opleider sees who is typing (the account's name).
  await expect(opleider.getByTestId("typing-indicator")).toContainText("Sanne de Vries typt…");
  await expect(notes(opleider)).toContainText("Patiënt met buikpijn, derde consult.");
  await notes(opleider).click();
  await opleider.keyboard.press("Control+End");
  await opleider.keyboard.press("Enter");
  await opleider.keyboard.type("Tip: vraag naar de verwachting van de patiënt.");
  await expect(notes(aios)).toContainText("Tip: vraag naar de verwachting van de patiënt.");

  // The opleider suggests the next item; the aios accepts.
  await opleider.getByRole("button", { name: "Als volgende voorstellen: Omgaan met tijdsdruk" }).click();
  await expect(aios.getByTestId("suggestion")).toContainText("Dr. Jansen");
  await aios.getByTestId("suggestion").getByRole("button", { name: "Bespreken" }).click();
  await expect(agendaItem(opleider, "Omgaan met tijdsdruk")).toHaveAttribute("aria-current", "step");

  // An agreement with owner and follow-up date.
  await aios.getByLabel("Nieuwe afspraak").fill("Aios vraagt bij SOLK eerst naar de verwachting");
  await aios.getByRole("radio", { name: "aios" }).first().check();
  await aios.getByTestId("new-agreement-date").fill("2026-12-08");
  await aios.getByRole("button", { name: "Afspraak toevoegen" }).click();
  const agreement = (page: Page) => page.getByTestId("agreement").filter({ hasText: "eerst naar de verwachting" });
  await expect(agreement(opleider)).toBeVisible();
  await expect(agreement(opleider).getByRole("textbox", { name: /Terugkomdatum/ })).toHaveValue("2026-12-08");

  await aios.screenshot({ path: "docs/screenshots/workspace-aios.png", fullPage: true });
  // On a tablet-sized window the fields are tabs.
  await opleider.setViewportSize({ width: 820, height: 1100 });
  await opleider.getByRole("tab", { name: "Notities", exact: true }).click();
  await expect(notes(opleider)).toBeVisible();
  await expect(opleider.getByTestId("agreements-editor")).toBeHidden();
  await opleider.screenshot({ path: "docs/screenshots/workspace-opleider-tablet.png", fullPage: true });
  await opleider.setViewportSize({ width: 1280, height: 900 });

  // Everything is still there after both reload.
  for (const page of [aios, opleider]) {
    await page.reload();
    await expect(page.getByTestId("save-status").first()).toHaveText("Opgeslagen");
    await expect(page.getByTestId("agenda-item")).toHaveCount(3);
    await expect(agendaItem(page, "Omgaan met tijdsdruk")).toHaveAttribute("aria-current", "step");
    await expect(notes(page)).toContainText("Patiënt met buikpijn, derde consult.");
    await expect(notes(page)).toContainText("Tip: vraag naar de verwachting van de patiënt.");
    await expect(agreement(page).getByRole("textbox", { name: /Terugkomdatum/ })).toHaveValue("2026-12-08");
    await expect(page.getByTestId("meeting-status")).toHaveText("Bezig");
  }

  // Accessibility: no serious or critical violations on the workspace.
  const results = await new AxeBuilder({ page: aios }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.html).join(" | ")})`)).toEqual([]);
});
