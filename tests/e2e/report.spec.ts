import fs from "node:fs";
import { test, expect } from "./flows/fixture";
import type { Page } from "@playwright/test";
import { pairedPeople, scheduleMeeting } from "./flows/accounts";

const AGREEMENT = "Aios bereidt een casus over COPD voor";
const report = (page: Page) => page.getByTestId("report-editor");

test("the aios writes and submits the report, the opleider sends it back, the aios resubmits, the opleider confirms; then it is read-only", async ({ browser, server }) => {
  test.setTimeout(150_000);
  const { opleider, aios } = await pairedPeople(browser, server.url);
  const meetingUrl = await scheduleMeeting(aios, { title: "Casusbespreking COPD", template: false });
  await opleider.goto(meetingUrl);
  await expect(aios.getByTestId("save-status").first()).toHaveText("Opgeslagen");

  await aios.getByLabel("Nieuw agendapunt").fill("Casus COPD-exacerbatie");
  await aios.getByRole("button", { name: "Toevoegen", exact: true }).click();
  await aios.getByLabel("Nieuwe afspraak").fill(AGREEMENT);
  await aios.getByTestId("new-agreement-date").fill("2026-12-10");
  await aios.getByRole("button", { name: "Afspraak toevoegen" }).click();
  await expect(opleider.getByTestId("agreement").filter({ hasText: AGREEMENT })).toBeVisible();

  // The aios starts and closes the meeting.
  await aios.getByRole("button", { name: "Gesprek starten" }).click();
  await aios.getByRole("button", { name: "Gesprek afronden" }).click();
  await aios.getByRole("button", { name: "Ja, gesprek afronden" }).click();
  await expect(opleider.getByTestId("meeting-status")).toHaveText("Afgerond");

  // The report is prefilled from the agenda and the agreements; the aios writes and submits.
  await expect(report(aios)).toContainText("Casus COPD-exacerbatie");
  await expect(report(aios)).toContainText(AGREEMENT);
  await report(aios).click();
  await aios.keyboard.press("Control+End");
  await aios.keyboard.press("Enter");
  await aios.keyboard.type("Reflectie: ik wil sneller de ernst inschatten.");
  await expect(aios.getByTestId("save-status").first()).toHaveText("Opgeslagen");
  await aios.getByRole("button", { name: "Verslag indienen" }).click();
  await expect(opleider.getByTestId("report-status")).toHaveText("Ingediend");
  await expect(report(opleider)).toContainText("Reflectie: ik wil sneller de ernst inschatten.");

  // The opleider sends it back with a comment.
  await opleider.getByLabel("Opmerking voor de aios").fill("Beschrijf ook je plan voor de volgende keer.");
  await opleider.getByRole("button", { name: "Terugsturen met opmerking" }).click();
  await expect(aios.getByTestId("report-status")).toHaveText("Teruggestuurd");
  await expect(aios.getByTestId("return-comment")).toContainText("Beschrijf ook je plan voor de volgende keer.");

  // The aios changes it and resubmits; the opleider confirms.
  await report(aios).click();
  await aios.keyboard.press("Control+End");
  await aios.keyboard.press("Enter");
  await aios.keyboard.type("Plan: volgende keer de CURB-65 gebruiken.");
  await expect(aios.getByTestId("save-status").first()).toHaveText("Opgeslagen");
  await aios.getByRole("button", { name: "Opnieuw indienen" }).click();
  await expect(opleider.getByTestId("report-status")).toHaveText("Ingediend");
  await expect(report(opleider)).toContainText("Plan: volgende keer de CURB-65 gebruiken.");
  await opleider.getByRole("button", { name: "Verslag bevestigen" }).click();

  // Both see it confirmed and read-only.
  for (const page of [aios, opleider]) {
    await expect(page.getByTestId("report-status")).toHaveText("Bevestigd");
    await expect(page.getByTestId("read-only-notice")).toBeVisible();
    await expect(report(page)).toHaveAttribute("contenteditable", "false");
    await expect(page.getByTestId("notes-editor")).toHaveAttribute("contenteditable", "false");
  }

  // The Markdown download holds the agreements with their follow-up date.
  const [download] = await Promise.all([aios.waitForEvent("download"), aios.getByTestId("download-markdown").click()]);
  const markdown = fs.readFileSync((await download.path())!, "utf8");
  expect(markdown).toContain(AGREEMENT);
  expect(markdown).toMatch(/10 december 2026|2026-12-10/);
  expect(markdown).toContain("Plan: volgende keer de CURB-65 gebruiken.");

  // The print page shows the same, ready for the browser's print dialog.
  await opleider.goto(`${meetingUrl}/print`);
  await expect(opleider.getByTestId("print-agreements")).toContainText(AGREEMENT);
});
