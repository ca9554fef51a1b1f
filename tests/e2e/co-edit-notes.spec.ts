import { test, expect, type Browser, type Page } from "@playwright/test";
import { ServerProcess } from "../support/server-process";

let server: ServerProcess;
test.beforeEach(async () => {
  server = await ServerProcess.start();
});
test.afterEach(async () => {
  await server?.stop();
});

/** Console errors that mean the app broke under its own Content-Security-Policy. */
const cspViolations: string[] = [];
function watchForCspViolations(page: Page): void {
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
}
test.afterEach(() => {
  expect(cspViolations.splice(0)).toEqual([]);
});

async function joinMeeting(browser: Browser, meetingId: string, name: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  watchForCspViolations(page);
  await page.goto(`${server.url}/meetings/${meetingId}`);
  await page.getByLabel("Je naam").fill(name);
  await page.getByRole("button", { name: "Deelnemen" }).click();
  await expect(page.getByTestId("save-status")).toHaveText("Opgeslagen");
  return page;
}

const notes = (page: Page) => page.getByTestId("notes-editor");

test("two people co-edit the notes, see each other, and the text survives a server restart", async ({ browser }) => {
  const aios = await joinMeeting(browser, "week-47", "Sanne (aios)");
  const opleider = await joinMeeting(browser, "week-47", "Dr. Jansen");

  // Each sees the other in the presence list.
  await expect(aios.getByTestId("presence-list")).toContainText("Dr. Jansen");
  await expect(opleider.getByTestId("presence-list")).toContainText("Sanne (aios)");

  await notes(aios).click();
  await aios.keyboard.type("Leerdoel: SOLK-patiënten beter begrenzen.");
  await expect(notes(opleider)).toContainText("Leerdoel: SOLK-patiënten beter begrenzen.");

  await notes(opleider).click();
  await opleider.keyboard.press("Control+End");
  await opleider.keyboard.press("Enter");
  await opleider.keyboard.type("Terugkomen over twee weken.");
  await expect(notes(aios)).toContainText("Terugkomen over twee weken.");

  // The other's caret carries their chosen name.
  await expect(aios.locator(".collaboration-carets__label")).toContainText("Dr. Jansen");

  await server.restart();
  // The pages reconnect on their own; a reload shows all the text from the database.
  for (const page of [aios, opleider]) {
    await page.reload(); // the name chosen before is remembered on this device
    await expect(page.getByTestId("save-status")).toHaveText("Opgeslagen");
    await expect(notes(page)).toContainText("Leerdoel: SOLK-patiënten beter begrenzen.");
    await expect(notes(page)).toContainText("Terugkomen over twee weken.");
  }
});

test("the meeting page renders on the server in Dutch, and in English when chosen", async ({ page }) => {
  watchForCspViolations(page);
  const response = await page.goto(`${server.url}/meetings/week-48`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Leergesprek week-48");
  await page.getByRole("button", { name: "Taal" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Learning conversation week-48");
  expect((await page.goto(`${server.url}/meetings/not%20valid`))?.status()).toBe(404);
});
