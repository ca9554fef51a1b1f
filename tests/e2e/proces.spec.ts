import { test, expect } from "./flows/fixture";
import type { Page } from "@playwright/test";
import { pairedPeople, scheduleMeeting } from "./flows/accounts";
import { screenshotAt, watchPageProblems } from "./flows/page-problems";

// Issue #12.10: after the reveal of both 3+3 preparations, "Wat gaat goed" shows once, with
// each side's points under its name: the reveal fills the template's sections.

async function fillPrep(page: Page, goed: string[], beter: string[]) {
  const prep = page.getByTestId("prep-editor");
  const lists = prep.locator("ul");
  await expect(lists).toHaveCount(2);
  for (const [list, points] of [[0, goed], [1, beter]] as const) {
    for (const [i, point] of points.entries()) {
      await lists.nth(list).locator("li").nth(i).click();
      await page.keyboard.type(point);
    }
  }
  await expect(prep).toContainText(beter.at(-1)!);
  for (const status of await page.getByTestId("save-status").all()) await expect(status).toHaveText("Opgeslagen");
}

test("the reveal puts both preparations into the template's sections: 'Wat gaat goed' once, each side's points once", async ({ browser, server }) => {
  test.setTimeout(150_000);
  const { opleider, aios, aiosPerson, opleiderPerson } = await pairedPeople(browser, server.url);
  const problems = watchPageProblems(opleider, aios);
  const meetingUrl = await scheduleMeeting(aios, { kind: "Procesgericht leergesprek", title: "Samenwerking najaar" });
  await opleider.goto(meetingUrl);

  const aiosGoed = ["Ik krijg ruimte om zelf te beslissen", "De nabesprekingen zijn vast ingepland", "Feedback komt snel"];
  const aiosBeter = ["Minder onderbrekingen tijdens het spreekuur", "Vaker samen een visite", "Duidelijker wie de ANW-diensten regelt"];
  const opleiderGoed = ["De aios bereidt de gesprekken goed voor", "Open over twijfels", "Neemt initiatief bij de agenda"];
  const opleiderBeter = ["Eerder hulp vragen bij uitloop", "Verslagen sneller afronden", "Meer eigen leerdoelen formuleren"];
  await fillPrep(aios, aiosGoed, aiosBeter);
  await fillPrep(opleider, opleiderGoed, opleiderBeter);

  const notes = (page: Page) => page.getByTestId("notes-editor");
  await expect(notes(aios).getByRole("heading", { name: "Wat gaat goed", exact: true })).toHaveCount(1);
  // Before the reveal the shared notes hold neither side's points.
  await expect(notes(opleider)).not.toContainText(aiosGoed[0]!);

  await aios.getByRole("button", { name: "Voorbereidingen 3+3 onthullen" }).click();
  for (const page of [aios, opleider]) {
    await expect(notes(page)).toContainText(opleiderBeter[2]!);
    await expect(notes(page).getByRole("heading", { name: "Wat gaat goed", exact: true })).toHaveCount(1);
    await expect(notes(page).getByRole("heading", { name: "Wat kan beter", exact: true })).toHaveCount(1);
    await expect(notes(page).getByRole("heading", { name: `Aios (${aiosPerson.name})` })).toHaveCount(2);
    await expect(notes(page).getByRole("heading", { name: `Opleider (${opleiderPerson.name})` })).toHaveCount(2);
    for (const point of [...aiosGoed, ...aiosBeter, ...opleiderGoed, ...opleiderBeter]) {
      await expect(notes(page).locator("li", { hasText: point })).toHaveCount(1);
    }
    // The template's empty bullets gave way to the points.
    await expect(notes(page).locator("li").filter({ hasNotText: /\S/ })).toHaveCount(0);
  }
  // Each side's points sit under its own name in the right section.
  const sectionText = await notes(opleider).innerText();
  const goedAt = sectionText.indexOf("Wat gaat goed\n");
  const beterAt = sectionText.indexOf("Wat kan beter\n");
  expect(goedAt).toBeGreaterThan(-1);
  expect(sectionText.indexOf(aiosGoed[0]!)).toBeGreaterThan(goedAt);
  expect(sectionText.indexOf(opleiderGoed[2]!)).toBeLessThan(beterAt);
  expect(sectionText.indexOf(aiosBeter[0]!)).toBeGreaterThan(beterAt);

  // A second reveal is refused with a message, and adds nothing.
  await aios.getByRole("button", { name: "Voorbereidingen 3+3 onthullen" }).click();
  await expect(aios.getByRole("alert")).toContainText("De voorbereidingen staan al in de notities.");
  await expect(notes(aios).getByRole("heading", { name: "Wat gaat goed", exact: true })).toHaveCount(1);
  await notes(opleider).getByRole("heading", { name: "Wat gaat goed", exact: true }).scrollIntoViewIfNeeded();
  await screenshotAt(opleider, "proces-reveal", { width: 1366, height: 768 });
  problems.expectNone();
});
