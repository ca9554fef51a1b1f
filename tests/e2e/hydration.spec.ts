import { test, expect } from "./flows/fixture";
import type { Page } from "@playwright/test";
import { pairedPeople, scheduleMeeting } from "./flows/accounts";
import { addAgreement, meetingReady } from "./flows/meeting";

// Issue #12, item 8: a started meeting's page (running clocks, dates, the folded review)
// renders the same on the server and in the browser: no React hydration error (#418, #423,
// #425), in Dutch and in English, for both people. The fixture fails the test on any
// console error; this test names the React ones explicitly too.

const reactErrors = (seen: readonly { text: string }[]) => seen.filter((p) => /React error|Hydration|hydrat/i.test(p.text)).map((p) => p.text);

/** Loads the page fresh and gives hydration and the first clock ticks time to run. */
async function loadAndSettle(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await meetingReady(page);
  await page.waitForTimeout(2_500);
}

test("a started meeting's page hydrates without an error, in Dutch and English, for the aios and the opleider", async ({ browser, server, pageProblems }) => {
  test.setTimeout(150_000);
  const { opleider, aios, pairUrl } = await pairedPeople(browser, server.url);
  await scheduleMeeting(aios, { title: "Eerder gesprek", date: "2026-11-17", template: false });
  await meetingReady(aios);
  await addAgreement(aios, "Aios leest de NHG-standaard astma", "2026-11-20");
  await aios.goto(pairUrl);
  const meetingUrl = await scheduleMeeting(aios, { title: "Gestart gesprek", date: "2026-11-24" });
  await meetingReady(aios);
  await aios.getByRole("button", { name: "Gesprek starten" }).click();
  await aios.getByRole("button", { name: /^Bespreken: / }).first().click();
  await expect(aios.getByTestId("item-timer")).toBeVisible();
  // Let the clocks run past the second the server renders at.
  await aios.waitForTimeout(1_500);

  for (const page of [aios, opleider]) {
    await loadAndSettle(page, meetingUrl);
    await expect(page.getByTestId("meeting-status")).toHaveText("Bezig");
    await expect(page.getByTestId("lead-bar")).toContainText(/\d+:\d\d van \d+ min/);
    await expect(page.getByTestId("previous-agreements")).toContainText("Vorige afspraken");
  }
  // In English (the language switch in the top bar), on a paused timer too.
  await aios.getByRole("button", { name: "Tijd pauzeren" }).click();
  for (const page of [aios, opleider]) {
    await page.getByRole("button", { name: /English/ }).click();
    await expect(page.getByTestId("meeting-status")).toHaveText("In progress");
    await loadAndSettle(page, meetingUrl);
    await expect(page.getByTestId("lead-bar")).toContainText(/\d+:\d\d of \d+ min/);
  }
  expect(reactErrors(pageProblems.seen)).toEqual([]);
});
