import { test, expect } from "./flows/fixture";
import { pairedPeople, scheduleMeeting } from "./flows/accounts";
import { addAgreement, daysFromToday, endMeeting, saved } from "./flows/meeting";
import { watchPageProblems } from "./flows/page-problems";

// Issue #12.3: "Vorige afspraken" (and "Voorbereiden") list only agreements from meetings
// BEFORE the meeting at hand, by scheduled time; never one made in a later meeting.

const EARLIER = "Aios leest de NHG-standaard Astma";
const LATER = "Opleider plant een observatie in";

test("a later meeting's agreement is not a previous agreement, in the meeting or in Voorbereiden", async ({ browser, server }) => {
  test.setTimeout(150_000);
  const { opleider, aios, pairUrl } = await pairedPeople(browser, server.url);
  const problems = watchPageProblems(opleider, aios);

  // Three meetings, planned in this order; the aios plans them one after another.
  const first = await scheduleMeeting(aios, { title: "Gesprek 1", date: daysFromToday(2), template: false });
  await aios.goto(pairUrl);
  const third = await scheduleMeeting(aios, { title: "Gesprek 3", date: daysFromToday(6), template: false });
  await aios.goto(pairUrl);
  const second = await scheduleMeeting(aios, { title: "Gesprek 2", date: daysFromToday(4), template: false });

  // An agreement in the first meeting (held), and one already written into the third.
  await aios.goto(first);
  await saved(aios);
  await addAgreement(aios, EARLIER, daysFromToday(5));
  await saved(aios);
  await aios.getByRole("button", { name: "Gesprek starten" }).click();
  await endMeeting(aios);
  await aios.goto(third);
  await saved(aios);
  await addAgreement(aios, LATER, daysFromToday(10));
  await saved(aios);

  // The second meeting shows the first one's agreement only, to both.
  await aios.goto(second);
  await opleider.goto(second);
  for (const page of [aios, opleider]) {
    await expect(page.getByTestId("previous-agreements")).toContainText(EARLIER);
    await expect(page.getByTestId("previous-agreement")).toHaveCount(1);
    await expect(page.getByTestId("previous-agreements")).not.toContainText(LATER);
  }

  // The first meeting has nothing before it: no "Vorige afspraken" at all.
  await opleider.goto(first);
  await expect(opleider.getByTestId("agreement").filter({ hasText: EARLIER })).toBeVisible();
  await expect(opleider.getByTestId("previous-agreements")).toHaveCount(0);

  // The third meeting: the first one's agreement is previous, its own is not.
  await opleider.goto(third);
  await expect(opleider.getByTestId("previous-agreements")).toContainText(EARLIER);
  await expect(opleider.getByTestId("previous-agreement")).toHaveCount(1);

  // "Voorbereiden" prepares the next meeting (the second): the same rule.
  await opleider.goto(`${pairUrl}/review`);
  await expect(opleider.getByTestId("prepare-for")).toContainText("Gesprek 2");
  await expect(opleider.getByTestId("previous-agreements")).toContainText(EARLIER);
  await expect(opleider.getByTestId("previous-agreements")).not.toContainText(LATER);
  await expect(opleider.getByTestId("previous-agreement")).toHaveCount(1);
  problems.expectNone();
});
