import { test, expect } from "./flows/fixture";
import type { Page } from "@playwright/test";
import { hydrated, pairedPeople, scheduleMeeting } from "./flows/accounts";
import { daysFromToday, meetingReady } from "./flows/meeting";
import { screenshotAt } from "./flows/page-problems";

// Issue #17, with two browsers: the aios writes two learning goals; in a consultbespreking the
// opleider fills in the consult feedback (a BSN is refused, nothing lost) and turns a leerpunt
// into an agreement linked to a goal; the aios sees it arrive live with its goal chip; the
// dashboard's norm shows this week's feedback; the goal's page lists the agreement.

async function writeGoal(page: Page, what: string, how: string, evaluateOn: string) {
  await page.getByText("Nieuw leerdoel").click();
  await page.getByLabel("Wat wil je leren?").fill(what);
  await page.getByLabel("Hoe ga je het doen? (activiteiten)").fill(how);
  await page.getByLabel("Evaluatiedatum").fill(evaluateOn);
  await page.getByLabel("Competentiegebied (optioneel)").selectOption({ label: "Communicatie" });
  await page.getByRole("button", { name: "Leerdoel opslaan" }).click();
  await expect(page.getByTestId("goal-card").filter({ hasText: what })).toBeVisible();
}

test("learning goals and consult feedback: goals, feedback, a leerpunt that becomes a linked agreement, the norm and the goal page", async ({ browser, server }) => {
  test.setTimeout(180_000);
  const { opleider, aios, pairUrl } = await pairedPeople(browser, server.url);

  // The aios writes two goals from the dashboard's link.
  await aios.getByTestId("goals-link").click();
  await expect(aios).toHaveURL(/\/leerdoelen$/);
  await hydrated(aios);
  await writeGoal(aios, "Beter samenvatten in het consult", "Elke dag één consult opnemen en terugkijken", daysFromToday(28));
  await writeGoal(aios, "SOLK-klachten bespreekbaar maken", "Twee consulten per week met uitleg over SOLK", daysFromToday(42));
  await expect(aios.getByTestId("goal-card")).toHaveCount(2);

  // The opleider sees the plan, cannot write a goal, and can suggest one.
  await opleider.goto(`${pairUrl}/leerdoelen`);
  await hydrated(opleider);
  await expect(opleider.getByTestId("goal-card")).toHaveCount(2);
  await expect(opleider.getByRole("button", { name: "Leerdoel opslaan" })).toHaveCount(0);
  await expect(opleider.getByText("Leerdoel voorstellen")).toBeVisible();
  await screenshotAt(aios, "goals-aios", { width: 1366, height: 768 });
  await screenshotAt(opleider, "goals-opleider", { width: 1024, height: 768 });

  // A consultbespreking today (taakgericht's first form), both in it.
  await aios.goto(pairUrl);
  const meetingUrl = await scheduleMeeting(aios, { title: "Consultbespreking SOLK", date: daysFromToday(0) });
  await meetingReady(aios);
  await opleider.goto(meetingUrl);
  await meetingReady(opleider);

  // The opleider starts a form. A description with a BSN is refused and stays in the field.
  const panel = opleider.getByTestId("consult-feedback");
  await panel.getByRole("button", { name: "Feedback op een consult beginnen" }).click();
  const form = panel.getByTestId("feedback-form");
  await expect(form).toHaveCount(1);
  const description = form.getByLabel("Korte beschrijving van het consult");
  await description.fill("man met BSN 123456782, hoest");
  await description.blur();
  await expect(form.getByRole("alert")).toContainText("een BSN");
  await expect(description).toHaveValue("man met BSN 123456782, hoest");
  await description.fill("man, 54, hoest sinds drie weken");
  await description.blur();
  await expect(form.getByRole("alert")).toHaveCount(0);

  // A score and a comment on one MAAS-Globaal item, and a leerpunt.
  const intro = form.getByTestId("feedback-item-samenvatten");
  await intro.getByText("Matig").click();
  await intro.getByLabel("Toelichting bij Samenvatten").fill("Vat pas aan het eind samen");
  await intro.getByLabel("Toelichting bij Samenvatten").blur();
  await form.getByPlaceholder("Nieuw leerpunt").fill("Na de anamnese kort samenvatten");
  await form.getByRole("button", { name: "Leerpunt toevoegen" }).click();
  const leerpunt = form.getByTestId("leerpunt").filter({ hasText: "Na de anamnese kort samenvatten" });
  await expect(leerpunt).toBeVisible();

  // The aios sees the feedback arrive (read-only for the aios).
  await expect(aios.getByTestId("feedback-item-samenvatten")).toContainText("Matig");
  await expect(aios.getByTestId("feedback-item-samenvatten")).toContainText("Vat pas aan het eind samen");

  // One click: the leerpunt becomes an agreement, linked to the first goal.
  await leerpunt.getByLabel(/Leerdoel bij de afspraak van/).selectOption({ label: "Beter samenvatten in het consult" });
  await leerpunt.getByRole("button", { name: /Maak een afspraak van/ }).click();
  await expect(leerpunt).toContainText("Staat bij de afspraken");

  // The aios sees the agreement live in the shared agreements, with its goal chip.
  const agreement = aios.getByTestId("agreement").filter({ hasText: "Na de anamnese kort samenvatten" });
  await expect(agreement).toBeVisible();
  await expect(agreement.getByTestId("goal-chip").locator("select")).toHaveValue(/.+/);
  await expect(agreement.getByTestId("goal-chip").locator("option:checked")).toHaveText("Beter samenvatten in het consult");
  await screenshotAt(opleider, "consult-feedback-opleider", { width: 1366, height: 768 });
  await screenshotAt(aios, "consult-feedback-aios", { width: 1024, height: 768 });

  // The dashboard's norm counts this week's feedback.
  await aios.goto(pairUrl);
  const norm = aios.getByTestId("norms-panel").locator('[data-norm="consultFeedback"]');
  await expect(norm).toContainText("Feedback op een consultopname: minstens 1× per week");
  await expect(norm).toContainText("Op schema");
  await expect(aios.getByTestId("norm-chart-consultFeedback")).toBeVisible();

  // The goal's page lists the agreement and the meeting.
  await aios.goto(`${pairUrl}/leerdoelen`);
  await aios.getByRole("link", { name: "Beter samenvatten in het consult" }).click();
  await expect(aios.getByTestId("goal-agreements")).toContainText("Na de anamnese kort samenvatten");
  await expect(aios.getByTestId("goal-meetings")).toContainText("Consultbespreking SOLK");
  await screenshotAt(aios, "goal-page", { width: 1024, height: 768 });
});
