import { test, expect } from "./flows/fixture";
import { createPair, hydrated, logIn, newPage, pairedPeople, person, scheduleMeeting, signUp } from "./flows/accounts";

// Issue #13 as the people who use Koers see it: sign-up and login notices (#13.12), the page
// an oversized form gets (#13.1), cancelling a meeting after a confirmation (#13.9), and the
// meeting page's compressed JavaScript (#12.13).

test("sign-up answers a taken address like a new one; the owner is told at the next login", async ({ browser, server }) => {
  const owner = person("Dr. Vermeer", "owner");
  const ownerPage = await newPage(browser);
  await signUp(ownerPage, owner, server.url);
  await ownerPage.getByRole("button", { name: "Uitloggen", exact: true }).click();

  // A stranger tries the owner's address: the same "almost done" page any new account gets.
  const stranger = await newPage(browser);
  await stranger.goto(`${server.url}/signup`);
  await hydrated(stranger);
  await stranger.getByLabel("Naam").fill("Iemand Anders");
  await stranger.getByLabel("E-mailadres").fill(owner.email);
  await stranger.getByLabel("Wachtwoord").fill("een-ander-wachtwoord");
  await stranger.getByRole("button", { name: "Account maken" }).click();
  await expect(stranger.getByTestId("signed-up-notice")).toContainText("Bijna klaar");
  await expect(stranger.getByLabel("E-mailadres")).toHaveValue(owner.email);
  await stranger.screenshot({ path: "docs/screenshots/signup-almost-done.png" });
  // Their password does not open the owner's account.
  await stranger.getByLabel("Wachtwoord").fill("een-ander-wachtwoord");
  await stranger.getByRole("button", { name: "Inloggen" }).click();
  await expect(stranger.getByRole("alert")).toHaveText("Dit e-mailadres en wachtwoord horen niet bij elkaar.");

  // The owner logs in and reads what happened, once.
  await ownerPage.goto(`${server.url}/login`);
  await hydrated(ownerPage);
  await ownerPage.getByLabel("E-mailadres").fill(owner.email);
  await ownerPage.getByLabel("Wachtwoord").fill(owner.password);
  await ownerPage.getByRole("button", { name: "Inloggen" }).click();
  await expect(ownerPage.getByRole("heading", { level: 1 })).toHaveText("Let op");
  await expect(ownerPage.getByTestId("account-notices")).toContainText("probeerde iemand een account te maken met jouw e-mailadres");
  await ownerPage.screenshot({ path: "docs/screenshots/account-notice.png" });
  await expect(ownerPage.getByRole("button", { name: "Gelezen, ga verder" })).toBeFocused();
  await ownerPage.keyboard.press("Enter");
  await expect(ownerPage.getByRole("heading", { level: 1 })).toHaveText(/Welkom|Je koppels|Koppels/);
});

test("an oversized form gets a short page in the visitor's language, and nothing is stored", async ({ browser, server, pageProblems }) => {
  pageProblems.expect(/\/login(: 413|\) on)/, "the test sends a form over the 1 MB limit (413)");
  const page = await newPage(browser);
  await page.goto(`${server.url}/login`);
  await hydrated(page);
  const submitHuge = () =>
    page.evaluate(() => {
      const form = document.createElement("form");
      form.method = "post";
      form.action = "/login";
      const field = document.createElement("input");
      field.type = "hidden";
      field.name = "email";
      field.value = "a".repeat(2 * 1024 * 1024);
      form.append(field);
      document.body.append(form);
      form.submit();
    });
  await submitHuge();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dit is te groot om te versturen");
  await expect(page.locator("body")).toContainText("Koers heeft er niets van opgeslagen");
  await page.screenshot({ path: "docs/screenshots/too-large-nl.png" });
  await page.getByRole("link", { name: "Terug naar Koers" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welkom bij Koers");

  await page.getByRole("button", { name: "Taal" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome to Koers");
  await page.goto(`${server.url}/login`);
  await hydrated(page);
  await submitHuge();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This is too large to send");
});

test("either member cancels a meeting that has not taken place, after confirming; the other's dashboard follows", async ({ browser, server }) => {
  const { opleider, aios, pairUrl } = await pairedPeople(browser, server.url);
  await scheduleMeeting(aios, { title: "Casus astma", date: "2026-12-08", time: "09:00", template: false });
  await aios.goto(pairUrl);
  await opleider.goto(pairUrl);
  for (const page of [aios, opleider]) {
    await hydrated(page);
    await expect(page.getByRole("region", { name: "Komende gesprekken" })).toContainText("Casus astma");
  }
  await opleider.setViewportSize({ width: 1024, height: 768 });
  await opleider.getByRole("region", { name: "Komende gesprekken" }).screenshot({ path: "docs/screenshots/cancel-meeting-list-tablet.png" });

  // By keyboard: the button opens the dialog, Escape closes it and nothing happens.
  const cancelButton = opleider.getByRole("button", { name: /Casus astma van .* annuleren/ });
  await cancelButton.focus();
  await opleider.keyboard.press("Enter");
  const dialog = opleider.getByRole("dialog", { name: "Gesprek annuleren?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Nee, laten staan" })).toBeFocused();
  await opleider.screenshot({ path: "docs/screenshots/cancel-meeting-dialog-tablet.png" });
  await opleider.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(cancelButton).toBeFocused();
  await expect(opleider.getByRole("region", { name: "Komende gesprekken" })).toContainText("Casus astma");

  // Confirmed: gone for both, the aios's open dashboard follows without a reload.
  await opleider.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await opleider.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Ja, annuleer het gesprek" })).toBeFocused();
  await opleider.keyboard.press("Enter");
  await expect(opleider.getByTestId("meeting-cancelled")).toContainText("Casus astma");
  await expect(opleider.getByRole("region", { name: "Komende gesprekken" }).getByRole("link", { name: /Casus astma/ })).toHaveCount(0);
  await expect(aios.getByRole("region", { name: "Komende gesprekken" }).getByRole("link", { name: /Casus astma/ })).toHaveCount(0);
  await opleider.screenshot({ path: "docs/screenshots/cancel-meeting-done-tablet.png" });
});

test("the meeting page loads at most 400 KB of compressed JavaScript", async ({ browser, server }) => {
  const who = person("Sanne de Vries", "bundle");
  const page = await newPage(browser);
  await signUp(page, who, server.url);
  await createPair(page, "aios", "Praktijk Bundel");
  const meetingUrl = await scheduleMeeting(page, { template: false });
  // A fresh browser (nothing cached) with the same login opens the meeting.
  const fresh = await (await browser.newContext({ storageState: await page.context().storageState() })).newPage();
  const scripts: Array<{ url: string; encoding: string; bytes: Promise<number> }> = [];
  fresh.on("response", (response) => {
    if (response.request().resourceType() !== "script") return;
    scripts.push({ url: response.url(), encoding: response.headers()["content-encoding"] ?? "none", bytes: response.request().sizes().then((s) => s.responseBodySize) });
  });
  await fresh.goto(meetingUrl);
  await expect(fresh.getByTestId("save-status").first()).toHaveText("Opgeslagen");
  const sizes = await Promise.all(scripts.map(async (s) => ({ ...s, bytes: await s.bytes })));
  const total = sizes.reduce((sum, s) => sum + s.bytes, 0);
  console.log(`meeting page JavaScript: ${sizes.length} files, ${(total / 1024).toFixed(1)} KB as transferred`);
  expect(sizes.length).toBeGreaterThan(3);
  for (const s of sizes) console.log(`  ${(s.bytes / 1024).toFixed(1).padStart(7)} KB ${s.encoding.padEnd(5)} ${new URL(s.url).pathname}`);
  // Everything but the tiniest chunks (under compression's 1 KB threshold) goes compressed.
  for (const s of sizes) if (s.bytes > 1024) expect(s.encoding, s.url).toMatch(/^(br|gzip)$/);
  expect(total).toBeLessThanOrEqual(400 * 1024);
});
