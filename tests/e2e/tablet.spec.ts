import { test, expect } from "./flows/fixture";
import type { Page } from "@playwright/test";
import { pairedPeople, scheduleMeeting } from "./flows/accounts";
import AxeBuilder from "@axe-core/playwright";
import { addAgreement, meetingReady, notes, sameUserOn } from "./flows/meeting";

// Issue #12, item 11: in a consulting room on a 1024×768 tablet the editors are in view
// without scrolling (the "Vorige afspraken" review folds), every control is a 44 px touch
// target; on a 1366×768 laptop the same page stays compact and tidy. Both roles.

const TABLET = { viewport: { width: 1024, height: 768 }, hasTouch: true, locale: "nl-NL" };
const LAPTOP = { viewport: { width: 1366, height: 768 }, locale: "nl-NL" };

/** Every control a person can press on the meeting page (and the top bar) that is on screen, with its size. */
async function controlSizes(page: Page): Promise<Array<{ what: string; width: number; height: number }>> {
  return page.evaluate(() => {
    const selector = ".topbar a, .topbar button, .meeting a, .meeting button, .meeting select, .meeting summary, .meeting input, .meeting [role=tab]";
    const out: Array<{ what: string; width: number; height: number }> = [];
    for (const element of document.querySelectorAll<HTMLElement>(selector)) {
      // A radio or checkbox is pressed through its label (the chip, the "Klaar" mark).
      const target = element instanceof HTMLInputElement && (element.type === "radio" || element.type === "checkbox") ? (element.closest("label") ?? element) : element;
      if (target.closest(".visually-hidden")) continue;
      const box = target.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(target).visibility === "hidden") continue;
      const what = `${target.tagName.toLowerCase()} "${(target.getAttribute("aria-label") ?? target.textContent ?? "").trim().slice(0, 40)}"`;
      out.push({ what, width: Math.round(box.width), height: Math.round(box.height) });
    }
    return out;
  });
}

/** The meeting page of both people, 3 open earlier agreements and the kind's default agenda, started. */
async function startedMeetingWithReview(browser: import("@playwright/test").Browser, baseUrl: string) {
  const people = await pairedPeople(browser, baseUrl);
  const { aios } = people;
  await scheduleMeeting(aios, { title: "Vorige week", date: "2026-11-17", template: false });
  await meetingReady(aios);
  await addAgreement(aios, "Aios oefent de slechtnieuwsgesprek-structuur", "2026-11-20");
  await addAgreement(aios, "Opleider zoekt een casus over COPD", "2026-12-01");
  await addAgreement(aios, "Samen een observatie plannen", "2026-12-15");
  await expect(aios.getByTestId("save-status").first()).toHaveText("Opgeslagen");
  await aios.goto(people.pairUrl);
  const meetingUrl = await scheduleMeeting(aios, { title: "Casusbespreking", date: "2026-11-24" });
  await meetingReady(aios);
  await aios.getByRole("button", { name: "Gesprek starten" }).click();
  await aios.getByRole("button", { name: /^Bespreken: / }).first().click();
  await expect(aios.getByTestId("item-timer")).toBeVisible();
  return { ...people, meetingUrl };
}

test("on a 1024×768 touch tablet both see the editors without scrolling, and every control is at least 44 px", async ({ browser, server }) => {
  test.setTimeout(150_000);
  const { aios, opleider, meetingUrl } = await startedMeetingWithReview(browser, server.url);
  for (const [role, person] of [["aios", aios], ["opleider", opleider]] as const) {
    const tablet = await sameUserOn(browser, person, TABLET);
    await tablet.goto(meetingUrl);
    await meetingReady(tablet);
    await tablet.screenshot({ path: `docs/screenshots/tablet-${role}.png` });
    // The review is there, folded to one line that says how many are open and overdue.
    await expect(tablet.getByTestId("previous-agreements")).toContainText("Vorige afspraken (3 open)");
    // The agenda, the first field, is in view, with room to read it.
    const agenda = tablet.getByTestId("agenda-editor");
    await expect(agenda).toBeInViewport();
    expect((await agenda.boundingBox())!.y).toBeLessThan(768 - 250);
    await tablet.getByRole("tab", { name: "Notities", exact: true }).click();
    await expect(notes(tablet)).toBeInViewport();
    await tablet.getByRole("tab", { name: "Agenda", exact: true }).click();
    // Fingers: nothing to press is smaller than 44 × 44 px.
    const small = (await controlSizes(tablet)).filter((c) => c.width < 44 || c.height < 44);
    expect(small).toEqual([]);
    // Nothing sticks out sideways.
    expect(await tablet.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    // Opened, the review shows its agreements with room to act on them.
    await tablet.getByText("Vorige afspraken (3 open)").click();
    await expect(tablet.getByRole("button", { name: "Afgerond: Samen een observatie plannen" })).toBeVisible();
    expect((await controlSizes(tablet)).filter((c) => c.width < 44 || c.height < 44)).toEqual([]);
    // (A viewport shot: a full-page one re-lays the page out without the touch emulation.)
    await tablet.screenshot({ path: `docs/screenshots/tablet-${role}-review-open.png` });
    // And it stays accessible: no serious or critical axe violations, the review open.
    const serious = (await new AxeBuilder({ page: tablet }).analyze()).violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.html).join(" | ")})`)).toEqual([]);
  }
});

test("on a 1366×768 laptop the three fields are side by side in view, and the controls stay compact", async ({ browser, server }) => {
  test.setTimeout(150_000);
  const { aios, opleider, meetingUrl } = await startedMeetingWithReview(browser, server.url);
  for (const [role, person] of [["aios", aios], ["opleider", opleider]] as const) {
    const laptop = await sameUserOn(browser, person, LAPTOP);
    await laptop.goto(meetingUrl);
    await meetingReady(laptop);
    for (const field of ["agenda-editor", "notes-editor", "agreements-editor"]) {
      await expect(laptop.getByTestId(field)).toBeInViewport();
      expect((await laptop.getByTestId(field).boundingBox())!.y).toBeLessThan(768 - 250);
    }
    // A mouse needs no 44 px targets: the agenda's small buttons stay small.
    const smallButton = laptop.getByTestId("agenda-item").getByRole("button").first();
    expect((await smallButton.boundingBox())!.height).toBeLessThan(40);
    expect(await laptop.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    await laptop.screenshot({ path: `docs/screenshots/laptop-${role}.png` });
  }
});
