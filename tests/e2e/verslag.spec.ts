import fs from "node:fs";
import { test, expect } from "./flows/fixture";
import type { Page } from "@playwright/test";
import { hydrated, pairedPeople, scheduleMeeting } from "./flows/accounts";
import { addAgreement, daysFromToday, endMeeting, saved, typeInNotes } from "./flows/meeting";
import { screenshotAt, watchPageProblems } from "./flows/page-problems";

// Issue #12.9 (and #14's prefill at the end): the verslag reads like one. A header with the
// practice, year, kind, date, duration and both names; what was discussed per agenda item;
// the agreements once and as they are now; the aios's own text; no unused prompts.

const ITEM = "Inhoudelijke vragen van de aios";
const PROMPT = "Welke inhoudelijke vraag heb je bij deze patiënt?";
const AGREEMENT = "Aios zoekt de NHG-standaard COPD op";
const report = (page: Page) => page.getByTestId("report-editor");

test("the verslag: drafted per agenda item at the end, sent back by name, printed and exported with practice, year and current agreements", async ({ browser, server }) => {
  test.setTimeout(180_000);
  const { opleider, aios, pairUrl, opleiderPerson, aiosPerson } = await pairedPeople(browser, server.url);
  const problems = watchPageProblems(opleider, aios);
  // With the template: its agenda, and the question bank in the notes.
  await hydrated(aios);
  await aios.getByLabel("Soort leergesprek").selectOption({ label: "Taakgericht leergesprek" });
  await aios.getByLabel("Vorm").selectOption({ label: "Casusbespreking" });
  const meetingUrl = await scheduleMeeting(aios, { title: "Casus COPD", date: daysFromToday(-1) });
  await opleider.goto(meetingUrl);
  await expect(aios.getByTestId("notes-editor")).toContainText(PROMPT);

  // The aios leads: the item gets its heading in the notes, and both write under it.
  await aios.getByRole("button", { name: "Gesprek starten" }).click();
  await aios.getByRole("button", { name: `Bespreken: ${ITEM}` }).click();
  await expect(aios.getByTestId("notes-editor").getByRole("heading", { name: ITEM })).toBeVisible();
  await typeInNotes(aios, "Twijfel over antibiotica bij een exacerbatie");
  await expect(opleider.getByTestId("notes-editor")).toContainText("Twijfel over antibiotica");
  await addAgreement(aios, AGREEMENT, "2026-12-10");
  await saved(aios);
  await endMeeting(aios);

  // The draft is there at once, for both: per item what was written, no prompts, no agreement copy.
  for (const page of [aios, opleider]) {
    await expect(report(page).getByRole("heading", { name: ITEM })).toBeVisible();
    await expect(report(page)).toContainText("Twijfel over antibiotica bij een exacerbatie");
    await expect(report(page)).not.toContainText(PROMPT);
    await expect(report(page)).not.toContainText("Coachende vragen");
    await expect(report(page)).not.toContainText(AGREEMENT);
  }
  await report(aios).click();
  await aios.keyboard.press("Control+End");
  await aios.keyboard.press("Enter");
  await aios.keyboard.type("Reflectie: ik wil de ernst sneller inschatten.");
  await saved(aios);
  await aios.getByRole("button", { name: "Verslag indienen" }).click();

  // Sent back: the aios reads the opleider's name, not the role.
  await opleider.getByLabel("Opmerking voor de aios").fill("Noem ook de CURB-65.");
  await opleider.getByRole("button", { name: "Terugsturen met opmerking" }).click();
  await expect(aios.getByTestId("return-comment")).toContainText(`Teruggestuurd door ${opleiderPerson.name}:`);
  await expect(aios.getByTestId("return-comment")).toContainText("Noem ook de CURB-65.");
  await aios.getByRole("button", { name: "Opnieuw indienen" }).click();
  await expect(opleider.getByTestId("report-status")).toHaveText("Ingediend");
  await opleider.getByRole("button", { name: "Verslag bevestigen" }).click();
  await expect(aios.getByTestId("report-status")).toHaveText("Bevestigd");

  // Later, in preparing the next meeting, the agreement gets a new date.
  await aios.goto(pairUrl);
  await scheduleMeeting(aios, { title: "Casus 2", date: daysFromToday(3), template: false });
  await opleider.goto(`${pairUrl}/review`);
  await opleider.getByLabel(`Nieuwe terugkomdatum voor ${AGREEMENT}`).fill("2026-12-17");
  await opleider.getByRole("button", { name: "Nieuwe datum" }).click();
  await expect(opleider.getByTestId("previous-agreements")).toContainText("17 dec");

  // The print view: a header, "Besproken" and "Afspraken" once each, the agreement as it is now.
  await aios.goto(`${meetingUrl}/print`);
  const print = aios.getByTestId("print-report");
  await expect(print.getByRole("heading", { level: 1 })).toHaveText("Verslag: Taakgericht leergesprek — Casusbespreking");
  const facts = aios.getByTestId("print-facts");
  for (const fact of ["Praktijk", "Huisartsenpraktijk De Linde", "Opleidingsjaar", "jaar 1", "Duur", aiosPerson.name, opleiderPerson.name, "bevestigd op"]) {
    await expect(facts).toContainText(fact);
  }
  await expect(facts).toContainText(/\d+ minuten?/);
  await expect(print.getByRole("heading", { name: "Besproken", exact: true })).toHaveCount(1);
  await expect(print.getByRole("heading", { name: "Afspraken", exact: true })).toHaveCount(1);
  await expect(print.getByText("Besproken", { exact: true })).toHaveCount(1);
  await expect(aios.getByTestId("print-discussed")).toContainText(ITEM);
  await expect(aios.getByTestId("print-discussed")).toContainText("Reflectie: ik wil de ernst sneller inschatten.");
  await expect(print).not.toContainText(PROMPT);
  await expect(aios.getByTestId("print-agreements")).toHaveText(new RegExp(`${AGREEMENT}.*do 17 dec.*Open`));
  await expect(print.getByText(AGREEMENT)).toHaveCount(1);
  await expect(print).not.toContainText("10 dec");
  await screenshotAt(aios, "verslag-print", { width: 1366, height: 768 });
  await screenshotAt(aios, "verslag-print", { width: 1024, height: 768 });
  await aios.emulateMedia({ media: "print" });
  await screenshotAt(aios, "verslag-print-media", { width: 1024, height: 768 });
  await aios.emulateMedia({ media: "screen" });

  // The Markdown says the same, once.
  const [download] = await Promise.all([aios.waitForEvent("download"), aios.getByRole("link", { name: "Download als Markdown" }).click()]);
  const markdown = fs.readFileSync((await download.path())!, "utf8");
  expect(markdown).toContain("- **Praktijk:** Huisartsenpraktijk De Linde\n- **Opleidingsjaar:** 1\n");
  expect(markdown).toContain(`- **Aios:** ${aiosPerson.name}\n- **Opleider:** ${opleiderPerson.name}\n`);
  expect(markdown.match(/^#+ Besproken$/gm)).toHaveLength(1);
  expect(markdown.match(/^#+ Afspraken$/gm)).toHaveLength(1);
  expect(markdown.match(new RegExp(AGREEMENT, "g"))).toHaveLength(1);
  expect(markdown).toContain(`### ${ITEM}`);
  expect(markdown).toContain(`- ${AGREEMENT} — eigenaar: aios · terugkomdatum: donderdag 17 december 2026 · status: open`);
  expect(markdown).not.toContain(PROMPT);
  problems.expectNone();
});
