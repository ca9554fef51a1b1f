import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPageServer } from "../support/test-server";
import { asHtml, getPage, postForm, signUpThroughPage, type TestPerson } from "../support/http-session";
import type { KoersServer } from "../../server/koers-server";
import { nl } from "../../app/i18n/nl";

// Issue #13.2 (login limits bypassed by concurrency) and #13.12 (account enumeration and
// lock-out), through the real pages as a browser (or an attacker's script) uses them.

let server: KoersServer;
beforeAll(async () => {
  server = await startPageServer();
});
afterAll(() => server.close());

const WRONG = asHtml(nl.auth.errors.wrongCredentials);
const TOO_MANY = asHtml(nl.auth.errors.tooManyAttempts.split("{{")[0]!);

/** The `name=value` pairs of a response's cookies, by name. */
function cookiesOf(res: Response): Record<string, string> {
  return Object.fromEntries(res.headers.getSetCookie().map((c) => {
    const pair = c.split(";")[0]!;
    return [pair.slice(0, pair.indexOf("=")), pair];
  }));
}

async function loginAnswer(email: string, password: string, cookie?: string): Promise<"loggedIn" | "wrong" | "tooMany" | string> {
  const res = await postForm(server, "/login", { email, password }, cookie);
  if (res.status === 302) return "loggedIn";
  const html = await res.text();
  return html.includes(WRONG) ? "wrong" : html.includes(TOO_MANY) ? "tooMany" : `status ${res.status}`;
}

describe("login limits hold under concurrency", () => {
  it("checks at most 5 of 40 simultaneous guesses for one account", async () => {
    const owner = await signUpThroughPage(server, "Concurrent Owner");
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => loginAnswer(owner.email, `gok-${i}`)));
    expect(answers.filter((a) => a === "wrong")).toHaveLength(5);
    expect(answers.filter((a) => a === "tooMany")).toHaveLength(35);
  });
});

describe("a stranger cannot lock the owner out", () => {
  it("the owner's browser that logged in before still logs in after the stranger spent the limit", async () => {
    const owner = await signUpThroughPage(server, "Locked Owner");
    // The owner's laptop: logged in once, so it carries a device cookie.
    const first = await postForm(server, "/login", { email: owner.email, password: owner.password });
    expect(first.status).toBe(302);
    const device = cookiesOf(first).koers_device;
    expect(device).toMatch(/^koers_device=/);

    for (let i = 0; i < 6; i++) await loginAnswer(owner.email, `stranger-${i}`);
    expect(await loginAnswer(owner.email, owner.password)).toBe("tooMany"); // a browser the account never saw waits
    expect(await loginAnswer(owner.email, owner.password, device)).toBe("loggedIn");
  });
});

describe("sign-up does not tell who has an account", () => {
  async function signUpAnswer(email: string): Promise<{ res: Response; ms: number; body: string }> {
    const started = performance.now();
    const res = await postForm(server, "/signup?next=%2Finvite%2Fabc", { name: "Iemand", email, password: "een-ander-wachtwoord" });
    const body = await res.text();
    return { res, ms: performance.now() - started, body };
  }

  it("answers a taken and a free address the same way, in the same time", async () => {
    const owner = await signUpThroughPage(server, "Enumerated Owner");
    const times: Record<"taken" | "free", number[]> = { taken: [], free: [] };
    for (let i = 0; i < 6; i++) {
      const taken = await signUpAnswer(owner.email);
      const free = await signUpAnswer(`nieuw-${i}-${Date.now()}@praktijk.nl`);
      for (const [kind, answer] of [["taken", taken], ["free", free]] as const) {
        expect(answer.res.status, kind).toBe(302);
        expect(answer.res.headers.get("location"), kind).toBe("/login?next=%2Finvite%2Fabc");
        expect(Object.keys(cookiesOf(answer.res)), kind).toEqual(["koers_signed_up"]);
        times[kind].push(answer.ms);
      }
      expect(taken.body).toBe(free.body);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(times.taken) / median(times.free);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it("the owner hears of it at their next login, once, and the account is unchanged", async () => {
    const owner: TestPerson = await signUpThroughPage(server, "Notified Owner");
    await postForm(server, "/signup", { name: "Iemand Anders", email: owner.email, password: "overname-poging-123" });
    expect(await loginAnswer(owner.email, "overname-poging-123")).toBe("wrong");

    const login = await postForm(server, "/login?next=%2Faccount", { email: owner.email, password: owner.password });
    expect(login.headers.get("location")).toBe("/account/notices?next=%2Faccount");
    const cookie = cookiesOf(login).koers_session!;
    const page = await getPage(server, "/account/notices?next=%2Faccount", cookie);
    expect(await page.text()).toContain(asHtml(nl.safety.notices.signUpAttemptHint));
    const read = await postForm(server, "/account/notices?next=%2Faccount", {}, cookie);
    expect(read.headers.get("location")).toBe("/account");

    const again = await postForm(server, "/login?next=%2Faccount", { email: owner.email, password: owner.password });
    expect(again.headers.get("location")).toBe("/account");
  });

  it("the login page after sign-up fills in the address and says what to do", async () => {
    const res = await postForm(server, "/signup", { name: "Nieuw", email: "vers@praktijk.nl", password: "een-lang-wachtwoord-1" });
    const page = await getPage(server, "/login", cookiesOf(res).koers_signed_up);
    const html = await page.text();
    expect(html).toContain(asHtml(nl.safety.signUp.almostDone));
    expect(html).toContain('value="vers@praktijk.nl"');
  });
});
