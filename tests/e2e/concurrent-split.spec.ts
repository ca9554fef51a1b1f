import type { Page, WebSocketRoute } from "@playwright/test";
import { test, expect } from "./flows/fixture";
import { pairedPeople, scheduleMeeting } from "./flows/accounts";

const SENTENCE = "Eerst de agenda, dan de notities, tot slot de afspraken.";
const TAIL = "tot slot de afspraken.";

/**
 * Routes a page's document connections (/yjs) through the test, which can hold the messages
 * in both directions for a moment and then deliver them in order: what a slow network does.
 * While held, neither person sees the other's change, so what they do meanwhile is concurrent.
 */
async function holdableDocConnection(page: Page) {
  let holding = false;
  const held: Array<() => void> = [];
  await page.routeWebSocket(/\/yjs\//, (browserSide: WebSocketRoute) => {
    const serverSide = browserSide.connectToServer();
    browserSide.onMessage((message) => (holding ? held.push(() => serverSide.send(message)) : serverSide.send(message)));
    serverSide.onMessage((message) => (holding ? held.push(() => browserSide.send(message)) : browserSide.send(message)));
  });
  return {
    hold: () => (holding = true),
    release: () => {
      holding = false;
      for (const deliver of held.splice(0)) deliver();
    },
  };
}

const notes = (page: Page) => page.getByTestId("notes-editor");
/** The text of each paragraph of the notes as the person reads it (without the other's named caret). */
const lines = (page: Page) =>
  notes(page)
    .locator("p")
    .evaluateAll((paragraphs) =>
      paragraphs.map((p) => {
        const copy = p.cloneNode(true) as HTMLElement;
        copy.querySelectorAll(".collaboration-carets__caret").forEach((caret) => caret.remove());
        return copy.textContent ?? "";
      }),
    );

/** Puts the caret `offset` characters into the notes' first paragraph, with the keyboard. */
async function caretInNotes(page: Page, offset: number) {
  await notes(page).click();
  await page.keyboard.press("Control+Home");
  for (let i = 0; i < offset; i++) await page.keyboard.press("ArrowRight");
}

/** The sentence is there once, in reading order (an extra Enter may leave an empty line). */
async function expectSentenceOnce(page: Page) {
  await expect(async () => {
    const shown = await lines(page);
    expect(shown.join("")).toBe(SENTENCE);
    expect(shown.join("\n").split(TAIL)).toHaveLength(2);
  }).toPass({ timeout: 10_000 });
}

test("both press Enter in the same sentence at once: the rest of it is there once, on both screens and after a reload", async ({ browser, server }) => {
  test.setTimeout(150_000); // two sign-ups, a pairing, two reloads, on a shared 2-core machine
  const { opleider, aios } = await pairedPeople(browser, server.url);
  const consoleErrors: string[] = [];
  for (const page of [aios, opleider]) page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  const meetingUrl = await scheduleMeeting(aios, { title: "Week 49", template: false });
  const network = await holdableDocConnection(opleider);
  await opleider.goto(meetingUrl);
  for (const page of [aios, opleider]) await expect(page.getByTestId("save-status").first()).toHaveText("Opgeslagen");

  await notes(aios).click();
  await aios.keyboard.type(SENTENCE);
  await expect.poll(() => lines(opleider)).toEqual([SENTENCE]);
  await caretInNotes(aios, "Eerst de agenda, ".length);
  await caretInNotes(opleider, "Eerst de agenda, dan de notities, ".length);

  // Both press Enter before either has seen the other's.
  network.hold();
  await aios.keyboard.press("Enter");
  await opleider.keyboard.press("Enter");
  await expect(notes(aios).locator("p")).toHaveCount(2);
  await expect(notes(opleider).locator("p")).toHaveCount(2);
  await expect.poll(() => lines(opleider)).toEqual(["Eerst de agenda, dan de notities, ", TAIL]);
  await expect(aios.getByTestId("save-status").first()).toHaveText("Opgeslagen"); // the aios's Enter is on the server
  network.release();

  for (const page of [aios, opleider]) await expectSentenceOnce(page);
  await expect.poll(() => lines(opleider)).toEqual(await lines(aios));
  const shown = await lines(aios);
  await aios.screenshot({ path: "test-results/e2e/concurrent-split-aios.png" });
  for (const page of [aios, opleider]) await expect(page.getByTestId("save-status").first()).toHaveText("Opgeslagen");

  // The repair was stored, not only shown: a reload from the server shows the same.
  for (const page of [aios, opleider]) {
    await page.reload();
    await expect(page.getByTestId("save-status").first()).toHaveText("Opgeslagen");
    await expect.poll(() => lines(page)).toEqual(shown);
  }

  // Typing goes on as usual in the repaired text, and reaches the other screen.
  await notes(aios).click();
  await aios.keyboard.press("Control+End");
  await aios.keyboard.type(" Klaar.");
  await expect(notes(opleider)).toContainText("afspraken. Klaar.");
  expect((await lines(opleider)).join("\n").split(TAIL)).toHaveLength(2);
  expect(consoleErrors).toEqual([]);
});
