import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { io as connectSocketIo } from "socket.io-client";
import { startPageServer } from "../support/test-server";
import { getPage, postForm, signUpDirectly, type TestPerson } from "../support/http-session";
import type { KoersServer } from "../../server/koers-server";
import { createPair } from "../../app/pairs/pairs.server";
import { scheduleMeeting } from "../../app/meetings/meetings.server";
import { docAccessUrl, meetingDocName, YJS_PATH } from "../../app/collab/protocol";

// Issue #13.3 (open redirect via `next`) and #13 "Also" (the Origin check ignored the scheme;
// /api/doc-access told "does not exist" from "not yours").

let server: KoersServer;
let owner: TestPerson;
let stranger: TestPerson;
let meetingId: string;

beforeAll(async () => {
  server = await startPageServer();
  owner = await signUpDirectly(server, "Olga");
  stranger = await signUpDirectly(server, "Stefan");
  const pairId = await createPair(server.services, owner.id, { practiceName: "Praktijk Noord", trainingYear: 1, startsOn: "2026-09-01", endsOn: "2027-08-31", creatorRole: "aios" });
  meetingId = (await scheduleMeeting(server.services, pairId, owner.id, { kind: "persoonsgericht", subkind: null, title: null, date: "2026-12-03", time: "10:00", plannedMinutes: 45 })).id;
});
afterAll(() => server.close());

const EVIL_NEXTS = ["%2F%09%2Fevil.example%2F", "%2F%5Cevil.example", "%2F.%2F%2Fevil.example%2F", "https%3A%2F%2Fevil.example%2F", "%2F%0A%2Fevil.example"];

/** Where a browser goes with this Location header, from a page of the server. */
const landsOn = (server: KoersServer, location: string | null) => new URL(location ?? "", server.url).origin;

describe("`next` never leads off-site", () => {
  it("for a visitor who is logged in already (the login page sends them on at once)", async () => {
    for (const next of EVIL_NEXTS) {
      const res = await getPage(server, `/login?next=${next}`, owner.cookie);
      expect(res.status, next).toBe(302);
      expect(landsOn(server, res.headers.get("location")), next).toBe(new URL(server.url).origin);
    }
    const fine = await getPage(server, `/login?next=${encodeURIComponent("/account?x=1")}`, owner.cookie);
    expect(fine.headers.get("location")).toBe("/account?x=1");
  });

  it("after logging in and after signing up", async () => {
    for (const next of EVIL_NEXTS) {
      const login = await postForm(server, `/login?next=${next}`, { email: owner.email, password: owner.password });
      expect(login.status, next).toBe(302);
      expect(landsOn(server, login.headers.get("location")), next).toBe(new URL(server.url).origin);
    }
  });

  it("after switching the language", async () => {
    const res = await postForm(server, "/language", { language: "en", redirectTo: "/\t/evil.example/" });
    expect(res.status).toBe(302);
    expect(landsOn(server, res.headers.get("location"))).toBe(new URL(server.url).origin);
    const back = await postForm(server, "/language", { language: "nl", redirectTo: "/account" });
    expect(back.headers.get("location")).toBe("/account");
  });
});

describe("the Origin check compares the scheme too", () => {
  const httpsOrigin = () => server.url.replace("http://", "https://");

  it("refuses a POST from the same host under another scheme, and takes one a TLS proxy vouches for", async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${server.url}/login`, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers }, body: "email=a%40b.nl&password=x" });
    expect((await post({ Origin: httpsOrigin() })).status).toBe(403);
    expect((await post({ Origin: server.url })).status).toBe(200);
    // Behind a TLS-terminating proxy the page is https and the proxy says so.
    expect((await post({ Origin: httpsOrigin(), "X-Forwarded-Proto": "https" })).status).toBe(200);
    expect((await post({ Origin: server.url, "X-Forwarded-Proto": "https" })).status).toBe(403);
  });

  it("refuses /yjs upgrades and socket.io handshakes from the same host under another scheme", async () => {
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://localhost:${server.port}${YJS_PATH}/${meetingDocName(meetingId)}`, { origin: httpsOrigin().replace("127.0.0.1", "localhost"), headers: { Cookie: owner.cookie } });
      ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.once("open", () => (ws.close(), resolve(101)));
      ws.once("error", () => resolve(-1));
    });
    expect(status).toBe(403);
    const handshake = await new Promise<boolean>((resolve) => {
      const socket = connectSocketIo(`http://localhost:${server.port}`, { transports: ["websocket"], extraHeaders: { origin: `https://localhost:${server.port}`, cookie: owner.cookie }, reconnection: false });
      socket.once("connect", () => (socket.disconnect(), resolve(true)));
      socket.once("connect_error", () => resolve(false));
    });
    expect(handshake).toBe(false);
  });
});

describe("/api/doc-access", () => {
  it("answers the same for another pair's meeting and for one that does not exist", async () => {
    const ask = async (docName: string, cookie: string) => (await (await getPage(server, docAccessUrl(docName), cookie)).json()) as { access: string };
    const othersMeeting = await ask(meetingDocName(meetingId), stranger.cookie);
    const noMeeting = await ask(meetingDocName("does-not-exist-0000"), stranger.cookie);
    expect(othersMeeting).toEqual(noMeeting);
    expect(othersMeeting.access).not.toBe("ok");
    expect(await ask(meetingDocName(meetingId), owner.cookie)).toEqual({ access: "ok" });
  });
});
