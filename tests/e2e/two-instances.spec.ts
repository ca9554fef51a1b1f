import { test, expect } from "./flows/fixture";
import { pairedPeople, scheduleMeeting } from "./flows/accounts";
import { addAgendaItem, meetingReady, notes, saved, typeInNotes } from "./flows/meeting";
import { startCluster, type Cluster } from "../support/cluster";

// Issue #16 in the browser: the opleider's browser on instance 1, the aios's on instance 2 of
// the same database and Redis, as a load balancer may spread them. They must not notice:
// the same agenda, notes, carets and "who is typing", presence and the aios's lead.

let cluster: Cluster | null = null;
test.afterEach(async () => {
  await cluster?.stop();
  cluster = null;
});

test("two people on two instances: co-editing, presence, who is typing and the lead, as on one", async ({ browser }) => {
  test.setTimeout(120_000);
  cluster = await startCluster();
  const [one, two] = cluster.instances as [NonNullable<Cluster["instances"][0]>, NonNullable<Cluster["instances"][0]>];
  // Both instances are on localhost: the session cookie of either is sent to both (cookies ignore the port).
  const { opleider, aios } = await pairedPeople(browser, one.url);
  const meetingPath = new URL(await scheduleMeeting(opleider, { title: "Twee servers", template: false })).pathname;
  await opleider.goto(`${one.url}${meetingPath}`);
  await aios.goto(`${two.url}${meetingPath}`);
  for (const page of [opleider, aios]) await meetingReady(page);

  // Presence: each sees both, though nobody shares an instance.
  for (const page of [opleider, aios]) {
    await expect(page.getByTestId("presence-list")).toContainText("Dr. Jansen");
    await expect(page.getByTestId("presence-list")).toContainText("Sanne de Vries");
  }

  // The aios adds the agenda and leads; the opleider on the other instance follows.
  await addAgendaItem(aios, "Consult met SOLK-patiënt", "15");
  await expect(opleider.getByTestId("agenda-item")).toHaveCount(1);
  await aios.getByRole("button", { name: "Gesprek starten" }).click();
  await expect(opleider.getByTestId("meeting-status")).toHaveText("Bezig");
  await aios.getByRole("button", { name: "Bespreken: Consult met SOLK-patiënt" }).click();
  await expect(opleider.getByTestId("agenda-item").first()).toHaveAttribute("aria-current", "step", { timeout: 2000 });

  // Both type in the notes; each sees the other's text and who is typing.
  await typeInNotes(aios, "Patiënt met buikpijn, derde consult.");
  await expect(opleider.getByTestId("typing-indicator")).toContainText("Sanne de Vries typt…");
  await expect(notes(opleider)).toContainText("Patiënt met buikpijn, derde consult.");
  await typeInNotes(opleider, "Tip: vraag naar de verwachting van de patiënt.");
  await expect(notes(aios)).toContainText("Tip: vraag naar de verwachting van de patiënt.");
  for (const page of [opleider, aios]) await saved(page);

  await opleider.screenshot({ path: "docs/screenshots/two-instances-opleider.png", fullPage: true });
  await aios.screenshot({ path: "docs/screenshots/two-instances-aios.png", fullPage: true });

  // Stored, not just relayed: a reload on the other instance shows everything.
  await aios.goto(`${one.url}${meetingPath}`);
  await meetingReady(aios);
  await expect(notes(aios)).toContainText("Tip: vraag naar de verwachting van de patiënt.");
  await expect(aios.getByTestId("meeting-status")).toHaveText("Bezig");
  // Closed before the instances stop (afterEach), or their pages would log the reconnects.
  await Promise.all([opleider.context().close(), aios.context().close()]);
});
