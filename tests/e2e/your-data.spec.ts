import fs from "node:fs";
import { execFileSync } from "node:child_process";
import { strFromU8, unzipSync } from "fflate";
import type { Page } from "@playwright/test";
import { test, expect } from "./flows/fixture";
import { hydrated, pairedPeople, scheduleMeeting } from "./flows/accounts";
import { addAgreement, daysFromToday, endMeeting, saved, typeInNotes } from "./flows/meeting";
import { expectNoHorizontalOverflow, screenshotAt, watchPageProblems } from "./flows/page-problems";
import { readPdf } from "../support/pdf-text";

// Issue #19 as the people use it: the aios downloads the PDF of a confirmed report and the
// whole export from the account page (with its progress); both see who opened the meeting;
// the opleider deletes their account and can no longer log in, while the aios keeps the text.

const NOTE = "Uitleg over SOLK gegeven; de patiënt was gerustgesteld";
const AGREEMENT = "Aios leest de NHG-standaard SOLK";

async function confirmedMeeting(aios: Page, opleider: Page): Promise<string> {
  await hydrated(aios);
  const meetingUrl = await scheduleMeeting(aios, { title: "Consult SOLK", date: daysFromToday(-1), template: false });
  await opleider.goto(meetingUrl);
  await aios.getByRole("button", { name: "Gesprek starten" }).click();
  await typeInNotes(aios, NOTE);
  await addAgreement(aios, AGREEMENT, "2026-12-10");
  await saved(aios);
  await endMeeting(aios);
  await expect(aios.getByTestId("report-editor")).toContainText(NOTE);
  await aios.getByRole("button", { name: "Verslag indienen" }).click();
  await expect(opleider.getByTestId("report-status")).toHaveText("Ingediend");
  await opleider.getByRole("button", { name: "Verslag bevestigen" }).click();
  await expect(aios.getByTestId("report-status")).toHaveText("Bevestigd");
  return meetingUrl;
}

/** Page 1 of a PDF as a PNG in docs/screenshots (pdftoppm, when poppler-utils is installed). */
function pdfScreenshot(pdfPath: string, name: string): void {
  try {
    execFileSync("pdftoppm", ["-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile", pdfPath, `docs/screenshots/${name}`]);
  } catch {
    console.warn("pdftoppm is not installed: no picture of the PDF (apt-get install poppler-utils)");
  }
}

test("the aios takes the portfolio along (PDF and export), both see who opened the meeting, the opleider deletes the account", async ({ browser, server }) => {
  test.setTimeout(180_000);
  const { opleider, aios, opleiderPerson, aiosPerson } = await pairedPeople(browser, server.url);
  const problems = watchPageProblems(opleider, aios);
  const meetingUrl = await confirmedMeeting(aios, opleider);

  // The PDF beside the Markdown on the confirmed report.
  const [pdfDownload] = await Promise.all([aios.waitForEvent("download"), aios.getByRole("link", { name: "Download als PDF" }).click()]);
  expect(pdfDownload.suggestedFilename()).toMatch(/^verslag-\d{4}-\d{2}-\d{2}-taakgericht\.pdf$/);
  const pdfPath = (await pdfDownload.path())!;
  const pdf = await readPdf(fs.readFileSync(pdfPath));
  expect(pdf.pages).toBe(1);
  for (const text of ["Verslag: Taakgericht leergesprek", "Huisartsenpraktijk De Linde", aiosPerson.name, opleiderPerson.name, NOTE, AGREEMENT, "Bevestigd door de opleider"]) {
    expect(pdf.text.join(" ")).toContain(text);
  }
  pdfScreenshot(pdfPath, "report-pdf");

  // The export from the account page: progress while it streams, then the zip.
  await aios.goto(`${server.url}/account`);
  await hydrated(aios);
  await expect(aios.getByRole("heading", { name: "Je gegevens meenemen" })).toBeVisible();
  await expect(aios.getByTestId("export-section")).toContainText("elk bevestigd verslag als PDF");
  await screenshotAt(aios, "account-your-data", { width: 1366, height: 768 });
  await screenshotAt(aios, "account-your-data", { width: 1024, height: 768 });
  await expectNoHorizontalOverflow(aios);
  const [zipDownload] = await Promise.all([aios.waitForEvent("download"), aios.getByRole("link", { name: "Exporteren als zip" }).click()]);
  await expect(aios.getByTestId("export-status")).toContainText(/Klaar: \d+ bestanden/);
  const zip = unzipSync(new Uint8Array(fs.readFileSync((await zipDownload.path())!)));
  const names = Object.keys(zip);
  expect(zipDownload.suggestedFilename()).toMatch(/^koers-export-\d{4}-\d{2}-\d{2}\.zip$/);
  expect(names).toEqual(expect.arrayContaining(["LEESMIJ.txt", "account.json", "afspraken.csv", "afspraken-geschiedenis.csv", "geopend-door.csv"]));
  const reportPdf = names.find((n) => /^verslagen\/.*\.pdf$/.test(n));
  expect(reportPdf).toBeDefined();
  expect(names).toContain(reportPdf!.replace(/\.pdf$/, ".md"));
  expect((await readPdf(zip[reportPdf!]!)).text.join(" ")).toContain(NOTE);
  expect(strFromU8(zip["afspraken.csv"]!)).toContain(AGREEMENT);
  await expect(aios.getByTestId("export-status")).toContainText(`Klaar: ${names.length} bestanden`);
  await screenshotAt(aios, "account-export-done", { width: 1024, height: 768 });

  // Who opened the meeting: both see both of them, through the page and the live channels.
  for (const page of [aios, opleider]) {
    await page.goto(`${meetingUrl}/opened`);
    await expect(page.getByRole("heading", { name: "Geopend door" })).toBeVisible();
    const table = page.getByTestId("audit-table");
    await expect(table).toContainText(aiosPerson.name);
    await expect(table).toContainText(opleiderPerson.name);
    await expect(table).toContainText("gesprekspagina");
    await expect(table).toContainText("documenten (live)");
    await expect(table).toContainText("aanwezigheid");
  }
  await expect(aios.getByTestId("audit-table")).toContainText("PDF");
  await expect(aios.getByTestId("audit-table")).toContainText("export");
  await screenshotAt(aios, "opened-by", { width: 1366, height: 768 });
  await screenshotAt(aios, "opened-by", { width: 1024, height: 768 });
  await expectNoHorizontalOverflow(aios);

  // The opleider deletes the account: the explanation first, then password and tick.
  await opleider.goto(`${server.url}/account`);
  await hydrated(opleider);
  const erase = opleider.getByTestId("erase-section");
  await expect(erase).toContainText("Wat blijft voor je partner, en waarom");
  await expect(erase.getByTestId("erase-pairs")).toContainText(`Huisartsenpraktijk De Linde: 1 gesprek blijft voor ${aiosPerson.name}.`);
  await erase.getByLabel("Je wachtwoord").fill(opleiderPerson.password);
  await erase.getByRole("button", { name: "Account definitief verwijderen" }).click();
  await expect(erase.getByText("Vink aan dat je dit begrijpt.")).toBeVisible();
  await erase.getByLabel("Je wachtwoord").fill(opleiderPerson.password);
  await erase.getByLabel("Ik begrijp dat mijn account definitief wordt verwijderd").check();
  await erase.scrollIntoViewIfNeeded();
  await screenshotAt(opleider, "account-erase", { width: 1024, height: 768 });
  await erase.getByRole("button", { name: "Account definitief verwijderen" }).click();
  await expect(opleider.getByRole("heading", { name: "Je account is verwijderd" })).toBeVisible();

  // They can no longer log in.
  await opleider.goto(`${server.url}/login`);
  await hydrated(opleider);
  await opleider.getByLabel("E-mailadres").fill(opleiderPerson.email);
  await opleider.getByLabel("Wachtwoord").fill(opleiderPerson.password);
  await opleider.getByRole("button", { name: "Inloggen" }).click();
  await expect(opleider.getByText("Dit e-mailadres en wachtwoord horen niet bij elkaar.")).toBeVisible();

  // The aios keeps the meeting and its text; the opleider is "verwijderd account".
  await aios.goto(`${meetingUrl}/print`);
  await expect(aios.getByTestId("print-discussed")).toContainText(NOTE);
  await expect(aios.getByTestId("print-facts")).toContainText("verwijderd account");
  await expect(aios.getByTestId("print-facts")).not.toContainText(opleiderPerson.name);
  problems.expectNone();
});
