import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KoersServer } from "../../server/koers-server";
import { startPageServer } from "../support/test-server";
import { refusalReason } from "../support/refusal";
import { getPage, postForm, sessionCookieOf, signUpDirectly, signUpThroughPage, type TestPerson, asHtml } from "../support/http-session";
import { createInvite, createPair, InviteError, INVITE_VALID_DAYS } from "../../app/pairs/pairs.server";
import { nl } from "../../app/i18n/nl";
import { sql, sqlRow, sqlRows } from "../support/test-database";

// One-time invite links, through the real pages: what the invite page says for each
// reason a link cannot be used, that accepting is refused for the same reasons, and
// that a pair never gets a third member.

let server: KoersServer;

beforeAll(async () => {
  server = await startPageServer();
});
afterAll(async () => {
  await server?.close();
});

const html = asHtml;

const ACCEPT_BUTTON = html(nl.invite.accept);

/** A pair with only its creator (the aios) in it. */
async function pairOf(creator: TestPerson, practiceName: string): Promise<string> {
  return createPair(server.services, creator.id, { practiceName, trainingYear: 3, startsOn: "2026-09-01", endsOn: "2027-08-31", creatorRole: "aios" });
}

function membersOf(pairId: string): Promise<Array<{ user_id: string; role: string }>> {
  return sqlRows(server.services.db, sql`select user_id, role from pair_members where pair_id = ${pairId} order by role`);
}

function inviteRows(pairId: string): Promise<Array<{ used_at: string | null; used_by: string | null }>> {
  return sqlRows(server.services.db, sql`select used_at, used_by from invites where pair_id = ${pairId} order by created_at`);
}

/** The invite page's HTML as `cookie` (or someone not logged in) sees it. */
async function invitePage(token: string, cookie?: string): Promise<string> {
  const res = await getPage(server, `/invite/${token}`, cookie);
  expect(res.status).toBe(200);
  return res.text();
}

/** Submits the invite page's accept form as `cookie`. */
function accept(token: string, cookie: string): Promise<Response> {
  return postForm(server, `/invite/${token}`, {}, cookie);
}

describe("an invite link that works", () => {
  it("is made on the pair page, followed to sign up, and accepted: the pair has its aios and opleider", async () => {
    const aios = await signUpThroughPage(server, "Ilse");
    const pairId = await pairOf(aios, "Praktijk De Vaart");

    // The aios asks the pair page for a link; it is shown to copy.
    const made = await postForm(server, `/pairs/${pairId}`, { intent: "invite" }, aios.cookie);
    expect(made.status).toBe(200);
    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(await made.text())?.[1];
    expect(token).toBeTruthy();

    // Someone without an account sees the offer and is sent to sign up, then to log in, then back here.
    const offer = await invitePage(token!);
    expect(offer).toContain("Praktijk De Vaart");
    expect(offer).toContain(`/signup?next=${encodeURIComponent(`/invite/${token}`)}`);
    const signedUp = await postForm(server, `/signup?next=${encodeURIComponent(`/invite/${token}`)}`, {
      name: "Olaf",
      email: "olaf-invite@test.invalid",
      password: "een-lang-wachtwoord-123",
    });
    expect(signedUp.status).toBe(302);
    expect(signedUp.headers.get("location")).toBe(`/login?next=${encodeURIComponent(`/invite/${token}`)}`);
    const loggedIn = await postForm(server, signedUp.headers.get("location")!, { email: "olaf-invite@test.invalid", password: "een-lang-wachtwoord-123" });
    expect(loggedIn.headers.get("location")).toBe(`/invite/${token}`);
    const olaf = sessionCookieOf(loggedIn);

    expect(await invitePage(token!, olaf)).toContain(ACCEPT_BUTTON);
    const accepted = await accept(token!, olaf);
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toBe(`/pairs/${pairId}`);
    const olafId = ((await sqlRow(server.services.db, sql`select id from users where email = 'olaf-invite@test.invalid'`)) as { id: string }).id;
    expect(await membersOf(pairId)).toEqual([
      { user_id: aios.id, role: "aios" },
      { user_id: olafId, role: "opleider" },
    ]);
    expect((await getPage(server, `/pairs/${pairId}`, olaf)).status).toBe(200);
  });
});

describe("an invite link that cannot be used", () => {
  it("expired (made 8 days ago): the page says so and accepting is refused", async () => {
    const aios = await signUpThroughPage(server, "Esther");
    const invitee = await signUpThroughPage(server, "Evert");
    const pairId = await pairOf(aios, "Praktijk Het Veer");
    const eightDaysAgo = new Date(Date.now() - (INVITE_VALID_DAYS + 1) * 24 * 3600 * 1000);
    const token = await createInvite(server.services, pairId, aios.id, eightDaysAgo);

    for (const cookie of [undefined, invitee.cookie]) {
      const page = await invitePage(token, cookie);
      expect(page).toContain(html(nl.invite.errors.expired));
      expect(page).not.toContain(ACCEPT_BUTTON);
    }
    const refused = await accept(token, invitee.cookie);
    expect(refused.status).toBe(200);
    expect(await refused.text()).toContain(html(nl.invite.errors.expired));
    expect(await membersOf(pairId)).toEqual([{ user_id: aios.id, role: "aios" }]);
    expect(await inviteRows(pairId)).toEqual([{ used_at: null, used_by: null }]);
  });

  it("used: the page says it was used already, and nobody else can accept it", async () => {
    const aios = await signUpDirectly(server, "Ursula");
    const first = await signUpDirectly(server, "Udo");
    const second = await signUpThroughPage(server, "Ulrike");
    const pairId = await pairOf(aios, "Praktijk De Uiterwaard");
    const token = await createInvite(server.services, pairId, aios.id);
    expect((await accept(token, first.cookie)).status).toBe(302);

    for (const cookie of [undefined, second.cookie, first.cookie]) {
      const page = await invitePage(token, cookie);
      expect(page).toContain(html(nl.invite.errors.used));
      expect(page).toContain("al gebruikt");
      expect(page).not.toContain(ACCEPT_BUTTON);
    }
    const refused = await accept(token, second.cookie);
    expect(refused.status).toBe(200);
    expect(await refused.text()).toContain(html(nl.invite.errors.used));
    expect(await membersOf(pairId)).toEqual([
      { user_id: aios.id, role: "aios" },
      { user_id: first.id, role: "opleider" },
    ]);
    expect(await inviteRows(pairId)).toEqual([{ used_at: expect.any(String), used_by: first.id }]);
  });

  it("for a pair that is complete: a third person is refused and the pair keeps exactly two members", async () => {
    const aios = await signUpDirectly(server, "Carla");
    const opleider = await signUpDirectly(server, "Cees");
    const third = await signUpThroughPage(server, "Cor");
    const pairId = await pairOf(aios, "Praktijk De Cirkel");
    // Two links made while the pair still lacked its opleider; the first one is accepted.
    const firstLink = await createInvite(server.services, pairId, aios.id);
    const secondLink = await createInvite(server.services, pairId, aios.id);
    expect((await accept(firstLink, opleider.cookie)).status).toBe(302);

    const page = await invitePage(secondLink, third.cookie);
    expect(page).toContain(html(nl.invite.errors.pairComplete));
    expect(page).not.toContain(ACCEPT_BUTTON);
    const refused = await accept(secondLink, third.cookie);
    expect(refused.status).toBe(200);
    expect(await refused.text()).toContain(html(nl.invite.errors.pairComplete));

    expect(await membersOf(pairId)).toEqual([
      { user_id: aios.id, role: "aios" },
      { user_id: opleider.id, role: "opleider" },
    ]);
    expect((await inviteRows(pairId))[1]).toEqual({ used_at: null, used_by: null });
    // The third person gets nothing of the pair, and no new link can be made for it.
    expect((await getPage(server, `/pairs/${pairId}`, third.cookie)).status).toBe(403);
    expect(await refusalReason(createInvite(server.services, pairId, aios.id), InviteError)).toBe("pairComplete");
  });

  it("for someone already in the pair: refused as already a member", async () => {
    const aios = await signUpDirectly(server, "Anna");
    const pairId = await pairOf(aios, "Praktijk Aan Zee");
    const token = await createInvite(server.services, pairId, aios.id);
    const refused = await accept(token, aios.cookie);
    expect(refused.status).toBe(200);
    expect(await refused.text()).toContain(html(nl.invite.errors.alreadyMember));
    expect(await membersOf(pairId)).toEqual([{ user_id: aios.id, role: "aios" }]);
  });

  it("unknown: the page says the link does not exist, and accepting is refused", async () => {
    const someone = await signUpDirectly(server, "Nina");
    const token = "dit-is-geen-echte-uitnodiging-0123456789";
    for (const cookie of [undefined, someone.cookie]) {
      const page = await invitePage(token, cookie);
      expect(page).toContain(html(nl.invite.errors.unknown));
      expect(page).not.toContain(ACCEPT_BUTTON);
    }
    const refused = await accept(token, someone.cookie);
    expect(refused.status).toBe(200);
    expect(await refused.text()).toContain(html(nl.invite.errors.unknown));
    const memberships = (await sqlRow(server.services.db, sql`select count(*) as n from pair_members where user_id = ${someone.id}`)) as { n: number };
    expect(memberships.n).toBe(0);
  });

  it("accepting needs a session: without one the form post goes to the login page", async () => {
    const aios = await signUpDirectly(server, "Lotte");
    const pairId = await pairOf(aios, "Praktijk Lindeboom");
    const token = await createInvite(server.services, pairId, aios.id);
    const res = await postForm(server, `/invite/${token}`, {});
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/login?next=${encodeURIComponent(`/invite/${token}`)}`);
    expect(await membersOf(pairId)).toHaveLength(1);
  });
});
