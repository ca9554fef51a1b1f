import { test, expect } from "./flows/fixture";
import { newPage, pairedPeople, scheduleMeeting, watchForCspViolations } from "./flows/accounts";

test("an opleider signs up, makes a pair and invites; the aios signs up through the link; both co-edit a meeting", async ({ browser, server, pageProblems }) => {
  const { opleider, aios, pairUrl, link } = await pairedPeople(browser, server.url);

  // Both see the complete pair.
  await opleider.goto(pairUrl);
  await expect(opleider.getByTestId("pair-members")).toContainText("Sanne de Vries");
  await expect(aios.getByTestId("pair-members")).toContainText("Dr. Jansen");

  // The session cookie cannot be read by scripts and is not sent by other sites.
  const cookie = (await aios.context().cookies()).find((c) => c.name === "koers_session");
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");

  const meetingUrl = await scheduleMeeting(aios, { title: "Week 48", template: false });
  await opleider.goto(meetingUrl);
  for (const page of [aios, opleider]) await expect(page.getByTestId("save-status").first()).toHaveText("Opgeslagen");

  // Presence shows the names the server knows, not names a browser chose.
  await expect(aios.getByTestId("presence-list")).toContainText("Dr. Jansen");
  await expect(opleider.getByTestId("presence-list")).toContainText("Sanne de Vries");

  const notes = (page: typeof aios) => page.getByTestId("notes-editor");
  await notes(aios).click();
  await aios.keyboard.type("Leerdoel: SOLK-patiënten beter begrenzen.");
  await expect(notes(opleider)).toContainText("Leerdoel: SOLK-patiënten beter begrenzen.");
  await notes(opleider).click();
  await opleider.keyboard.press("Control+End");
  await opleider.keyboard.press("Enter");
  await opleider.keyboard.type("Terugkomen over twee weken.");
  await expect(notes(aios)).toContainText("Terugkomen over twee weken.");
  await expect(aios.locator(".collaboration-carets__label")).toContainText("Dr. Jansen");

  // The text is in the database: it survives a server restart and a reload.
  pageProblems.expect(/ERR_CONNECTION_REFUSED/, "the open pages try to reconnect while the server restarts");
  await server.restart();
  for (const page of [aios, opleider]) {
    await page.reload();
    await expect(page.getByTestId("save-status").first()).toHaveText("Opgeslagen");
    await expect(notes(page)).toContainText("Leerdoel: SOLK-patiënten beter begrenzen.");
    await expect(notes(page)).toContainText("Terugkomen over twee weken.");
  }

  // The invite was used: a third person who opens it is told so, in Dutch.
  const third = await newPage(browser);
  await third.goto(link);
  await expect(third.getByTestId("invite-problem")).toHaveText(/al gebruikt/);
});

test("without a session every page sends you to log in, and after logging in you come back", async ({ browser, server }) => {
  const { aios, aiosPerson, pairUrl } = await pairedPeople(browser, server.url);
  const meetingUrl = await scheduleMeeting(aios, { template: false });

  const stranger = await newPage(browser);
  await stranger.goto(meetingUrl);
  await expect(stranger).toHaveURL(/\/login\?next=/);
  await stranger.getByLabel("E-mailadres").fill(aiosPerson.email);
  await stranger.getByLabel("Wachtwoord").fill("verkeerd wachtwoord");
  await stranger.getByRole("button", { name: "Inloggen" }).click();
  await expect(stranger.getByRole("alert")).toHaveText("Dit e-mailadres en wachtwoord horen niet bij elkaar.");
  await stranger.getByLabel("Wachtwoord").fill(aiosPerson.password);
  await stranger.getByRole("button", { name: "Inloggen" }).click();
  await expect(stranger).toHaveURL(meetingUrl);

  // The aios is on the meeting page when they log out everywhere else from this second browser:
  // that page is told its session ended (the typed text stays on the device).
  await aios.goto(meetingUrl);
  await expect(aios.getByTestId("save-status").first()).toHaveText("Opgeslagen");
  await stranger.goto(`${server.url}/account`);
  await stranger.getByRole("button", { name: "Overal anders uitloggen" }).click();
  await expect(stranger.getByRole("status").filter({ hasText: "uitgelogd" })).toBeVisible();
  await expect(aios.getByTestId("access-refusal")).toContainText("Je sessie is verlopen");

  // Logging out ends the session: the pair page asks for a login again.
  await stranger.getByRole("button", { name: "Uitloggen", exact: true }).click();
  // The logout has landed (a goto right after the click could cancel its navigation).
  await expect(stranger).toHaveURL(/\/login$/);
  await stranger.goto(pairUrl);
  await expect(stranger).toHaveURL(/\/login/);
});

test("pages render on the server in Dutch, and in English when chosen", async ({ page, server, pageProblems }) => {
  watchForCspViolations(page);
  const response = await page.goto(`${server.url}/`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welkom bij Koers");
  await page.getByRole("button", { name: "Taal" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome to Koers");
  pageProblems.expect(/\/does-not-exist/, "the test asks for a page that does not exist");
  expect((await page.goto(`${server.url}/does-not-exist`))?.status()).toBe(404);
});
