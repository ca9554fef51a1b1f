import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { io as connectSocketIo } from "socket.io-client";
import { startTestServer } from "../support/test-server";
import { memberCookie, seedMeeting } from "../support/test-access";
import type { KoersServer } from "../../server/koers-server";
import { meetingDocName } from "../../app/collab/protocol";

let server: KoersServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function upgradeStatus(url: string, origin: string, cookie?: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { origin, headers: cookie ? { Cookie: cookie } : {} });
    ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.once("open", () => {
      ws.close();
      resolve(101);
    });
    ws.once("error", () => resolve(-1));
  });
}

describe("requests from another site are refused on every channel", () => {
  it("refuses a cross-origin POST but not a same-origin one", async () => {
    server = await startTestServer();
    const evil = await fetch(`${server.url}/healthz`, { method: "POST", headers: { Origin: "https://evil.example" } });
    expect(evil.status).toBe(403);
    const same = await fetch(`${server.url}/healthz`, { method: "POST", headers: { Origin: server.url } });
    expect(same.status).not.toBe(403);
  });

  it("refuses a cross-origin websocket upgrade on /yjs before it completes", async () => {
    server = await startTestServer();
    const docName = meetingDocName("guarded");
    const url = `ws://localhost:${server.port}/yjs/${docName}`;
    await seedMeeting(server, docName);
    const cookie = memberCookie(server, docName);
    // Even with a valid session cookie: a page on another site may not use it.
    expect(await upgradeStatus(url, "https://evil.example", cookie)).toBe(403);
    expect(await upgradeStatus(url, `http://localhost:${server.port}`, cookie)).toBe(101);
  });

  it("refuses a cross-origin socket.io handshake", async () => {
    server = await startTestServer();
    const connect = (origin: string) =>
      new Promise<boolean>((resolve) => {
        const socket = connectSocketIo(`http://localhost:${server!.port}`, {
          transports: ["websocket"],
          extraHeaders: { origin, cookie: memberCookie(server!, "none") },
          reconnection: false,
        });
        socket.once("connect", () => {
          socket.disconnect();
          resolve(true);
        });
        socket.once("connect_error", () => resolve(false));
      });
    expect(await connect("https://evil.example")).toBe(false);
    expect(await connect(`http://localhost:${server.port}`)).toBe(true);
  });

  it("sends security headers: a CSP, no framing, no sniffing", async () => {
    server = await startTestServer();
    const res = await fetch(`${server.url}/healthz`);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  });
});
