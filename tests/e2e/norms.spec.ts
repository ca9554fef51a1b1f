import { test, expect } from "./flows/fixture";
import type { Page } from "@playwright/test";
import { pairedPeople, scheduleMeeting } from "./flows/accounts";
import { daysFromToday, endMeeting } from "./flows/meeting";
import { expectNoHorizontalOverflow, screenshotAt, watchPageProblems } from "./flows/page-problems";

// Issue #12.7: the norms panel on the dashboard. Titles have room (no badge over them), the
// page never scrolls sideways at 1366 or 1024 px, a passed date is never "next due", and a
// kind held only shorter than 45 minutes says so instead of "Nog niet gehouden".

async function expectReadableNorms(page: Page) {
  const norms = page.getByTestId("norms-panel").locator("[data-norm]");
  await expect(norms).toHaveCount(5);
  for (const norm of await norms.all()) {
    const label = (await norm.locator(".norm-label").boundingBox())!;
    const pill = (await norm.locator(".status-pill").boundingBox())!;
    const box = (await norm.boundingBox())!;
    // The title gets (nearly) the norm's whole width, and the badge does not cover it.
    expect(label.width, await norm.locator(".norm-label").innerText()).toBeGreaterThan(box.width * 0.6);
    const overlaps = label.x < pill.x + pill.width && pill.x < label.x + label.width && label.y < pill.y + pill.height && pill.y < label.y + label.height;
    expect(overlaps, "the status badge covers the title").toBe(false);
    // Nothing sticks out of the norm's box.
    expect(await norm.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  }
}

test("the norms panel: readable at 1366 and 1024 px, no passed 'next due' date, short meetings named", async ({ browser, server }) => {
  test.setTimeout(150_000);
  // The pair started on 1 September: by now the procesgericht norm (every 6 weeks) is overdue.
  const { aios, pairUrl } = await pairedPeople(browser, server.url);
  const problems = watchPageProblems(aios);

  // A taakgericht talk held today, far shorter than 45 minutes.
  await scheduleMeeting(aios, { title: "Korte consultatie", date: daysFromToday(0), template: false });
  await expect(aios.getByTestId("save-status").first()).toHaveText("Opgeslagen");
  await aios.getByRole("button", { name: "Gesprek starten" }).click();
  await endMeeting(aios);
  await aios.goto(pairUrl);

  const panel = aios.getByTestId("norms-panel");
  const taak = panel.locator('[data-norm="taakgericht"]');
  await expect(taak).toContainText("korter dan 45 minuten");
  await expect(taak).not.toContainText("Nog niet gehouden");

  // An overdue norm says since when it is late, never "Volgende uiterlijk" with a date gone by.
  const proces = panel.locator('[data-norm="procesgericht"]');
  await expect(proces).toContainText("Achter");
  await expect(proces).toContainText(/Te laat sinds/);
  await expect(proces).not.toContainText("Volgende uiterlijk");
  for (const norm of await panel.locator("[data-norm]").all()) {
    const due = await norm.getAttribute("data-next-due");
    if (due && (await norm.innerText()).includes("Volgende uiterlijk")) expect(due >= daysFromToday(0)).toBe(true);
  }

  for (const width of [1366, 1024]) {
    await aios.setViewportSize({ width, height: 768 });
    await expectNoHorizontalOverflow(aios);
    await expectReadableNorms(aios);
  }
  await panel.scrollIntoViewIfNeeded();
  await screenshotAt(aios, "norms-panel", { width: 1366, height: 768 });
  await screenshotAt(aios, "norms-panel", { width: 1024, height: 768 });
  await panel.screenshot({ path: "docs/screenshots/norms-panel-close-1366.png" });
  problems.expectNone();
});
