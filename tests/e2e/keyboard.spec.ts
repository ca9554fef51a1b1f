import { test, expect } from "./flows/fixture";
import type { Page } from "@playwright/test";
import { pairedPeople, scheduleMeeting } from "./flows/accounts";
import { addAgendaItem, agendaItem, focusedName, meetingReady, notes } from "./flows/meeting";

// Issue #12, item 12: the aios leads by keyboard; focus never falls to <body>; ending asks
// first; "X typt…" means typing, not clicking "Bespreken".

/** Presses Enter on a control reached by keyboard focus, as a keyboard user does. */
async function pressOn(page: Page, name: string): Promise<void> {
  await page.getByRole("button", { name, exact: true }).focus();
  await page.keyboard.press("Enter");
}

/** Watches the typing indicator for `ms` and returns everything it showed meanwhile. */
async function typingShownDuring(page: Page, ms: number): Promise<string[]> {
  const shown = new Set<string>();
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const text = (await page.getByTestId("typing-indicator").textContent())?.trim();
    if (text) shown.add(text);
    await page.waitForTimeout(100);
  }
  return [...shown];
}

test("by keyboard the aios starts, discusses and ends (after confirming); focus stays sensible; clicking is no typing", async ({ browser, server }) => {
  test.setTimeout(120_000);
  const { opleider, aios } = await pairedPeople(browser, server.url);
  const meetingUrl = await scheduleMeeting(aios, { title: "Toetsenbord", template: false });
  await opleider.goto(meetingUrl);
  for (const page of [aios, opleider]) await meetingReady(page);
  await addAgendaItem(aios, "Casus hartfalen");
  await addAgendaItem(aios, "Reflectie op de week");
  await expect(agendaItem(opleider, "Reflectie op de week")).toBeVisible();

  // Start: focus moves on to the first item's "Bespreken", not to <body>.
  await pressOn(aios, "Gesprek starten");
  await expect(opleider.getByTestId("meeting-status")).toHaveText("Bezig");
  await expect.poll(() => focusedName(aios)).toBe("Bespreken: Casus hartfalen");

  // Discuss: the opleider follows; the button keeps focus and now says so.
  await aios.keyboard.press("Enter");
  await expect(agendaItem(opleider, "Casus hartfalen")).toHaveAttribute("aria-current", "step");
  await expect(notes(opleider).getByRole("heading", { name: "Casus hartfalen" })).toBeVisible();
  expect(await focusedName(aios)).toBe("Nu aan de orde");
  // The heading the aios's page wrote into the notes is not typing.
  expect(await typingShownDuring(opleider, 3000)).toEqual([]);
  // Moving on to the next item by keyboard, likewise.
  await pressOn(aios, "Bespreken: Reflectie op de week");
  await expect(notes(opleider).getByRole("heading", { name: "Reflectie op de week" })).toBeVisible();
  expect(await focusedName(aios)).toBe("Nu aan de orde");
  expect(await typingShownDuring(opleider, 3000)).toEqual([]);
  // Real typing does show.
  await notes(aios).click();
  await aios.keyboard.press("Control+End");
  await aios.keyboard.type("Goed voorbereid.");
  await expect(opleider.getByTestId("typing-indicator")).toHaveText("Sanne de Vries typt…");

  // "Gesprek afronden" asks first; Escape cancels and focus returns to the button.
  await pressOn(aios, "Gesprek afronden");
  const dialog = aios.getByRole("dialog", { name: "Gesprek afronden?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("kan het gesprek niet opnieuw beginnen");
  expect(await focusedName(aios)).toBe("Annuleren");
  await aios.screenshot({ path: "docs/screenshots/end-dialog-aios-laptop.png" });
  await aios.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect(await focusedName(aios)).toBe("Gesprek afronden");
  await expect(opleider.getByTestId("meeting-status")).toHaveText("Bezig");
  await expect(aios.getByTestId("meeting-status")).toHaveText("Bezig");

  // Again, and this time confirm by keyboard: Tab to "Ja, gesprek afronden", Enter.
  await aios.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await aios.keyboard.press("Tab");
  expect(await focusedName(aios)).toBe("Ja, gesprek afronden");
  await aios.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  for (const page of [aios, opleider]) await expect(page.getByTestId("meeting-status")).toHaveText("Afgerond");
  // The aios writes the verslag next: focus lands on its heading.
  await expect.poll(() => focusedName(aios)).toBe("Verslag");
});
