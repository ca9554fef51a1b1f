import { test, expect } from "./flows/fixture";
import { pairedPeople, scheduleMeeting } from "./flows/accounts";

const TEXT = "Aios oefent de slechtnieuwsgesprek-structuur";

test("an agreement from meeting 1 is reviewed in meeting 2: the opleider closes it, the aios sees it live, the dashboard drops it", async ({ browser, server }) => {
  test.setTimeout(150_000);
  const { opleider, aios, pairUrl } = await pairedPeople(browser, server.url);

  // Meeting 1: the aios makes an agreement with a follow-up date.
  await scheduleMeeting(aios, { title: "Gesprek 1", date: "2026-11-24", template: false });
  await expect(aios.getByTestId("save-status").first()).toHaveText("Opgeslagen");
  await aios.getByLabel("Nieuwe afspraak").fill(TEXT);
  await aios.getByTestId("new-agreement-date").fill("2026-12-01");
  await aios.getByRole("button", { name: "Afspraak toevoegen" }).click();
  await expect(aios.getByTestId("agreement").filter({ hasText: TEXT })).toBeVisible();
  await expect(aios.getByTestId("save-status").first()).toHaveText("Opgeslagen");

  // The dashboard lists it as open.
  await aios.goto(pairUrl);
  await expect(aios.getByTestId("dashboard-agreements")).toContainText(TEXT);

  // Meeting 2: its agenda starts with the review, and both see the agreement under "Vorige afspraken".
  const meeting2 = await scheduleMeeting(aios, { title: "Gesprek 2", date: "2026-11-26" });
  await opleider.goto(meeting2);
  for (const page of [aios, opleider]) {
    await expect(page.getByTestId("previous-agreements")).toContainText(TEXT);
    await expect(page.getByTestId("agenda-item").first()).toContainText("Terugblik op de afspraken van vorige keer");
  }

  // The opleider opens the folded review and marks it afgerond; the aios's screen follows without a reload.
  await opleider.getByText(/Vorige afspraken/).click();
  await opleider.getByRole("button", { name: `Afgerond: ${TEXT}` }).click();
  await expect(opleider.getByTestId("previous-agreements")).toHaveCount(0);
  await expect(aios.getByTestId("previous-agreements")).toHaveCount(0);

  // The dashboard no longer lists it as open, and meeting 1's document says afgerond.
  await aios.goto(pairUrl);
  await expect(aios.getByTestId("dashboard-agreements")).not.toContainText(TEXT);
  await aios.getByRole("link", { name: /Gesprek 1/ }).first().click();
  await expect(aios.getByTestId("agreement").filter({ hasText: TEXT }).getByRole("combobox")).toHaveValue("afgerond");
});
