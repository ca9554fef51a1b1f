import net from "node:net";
import crypto from "node:crypto";
import WebSocket from "ws";
import { io as connectSocketIo, type Socket as ClientSocket } from "socket.io-client";
import type { KoersServer } from "../../server/koers-server";
import { YJS_PATH } from "../../app/collab/protocol";
import { signUp, startSession } from "../../app/auth/accounts.server";
import { cookiePair } from "./test-access";
import { findUserByEmail } from "../../db/users";

// Talking to a server with pages as a browser would: form posts with a same-site
// Origin, the session cookie sent back, redirects read rather than followed.

/** A signed-up person: their user id and the Cookie header of their session. */
export interface TestPerson {
  id: string;
  name: string;
  email: string;
  password: string;
  cookie: string;
}

/** GET a page as the holder of `cookie` (or nobody); redirects are returned, not followed. */
export function getPage(server: KoersServer, path: string, cookie?: string): Promise<Response> {
  return fetch(`${server.url}${path}`, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
}

/** POSTs a form the way the page's own <Form> does without JavaScript: same-site Origin, urlencoded. */
export function postForm(server: KoersServer, path: string, fields: Record<string, string>, cookie?: string): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
}

/** The `koers_session=…` pair of a response's Set-Cookie header; throws when it sets none. */
export function sessionCookieOf(res: Response): string {
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("koers_session="));
  if (!setCookie) throw new Error(`no session cookie in the response (status ${res.status})`);
  return cookiePair(setCookie);
}

let counter = 0;
function newPersonDetails(name: string): Omit<TestPerson, "id" | "cookie"> {
  counter += 1;
  return { name, email: `${name.toLowerCase().replace(/\W+/g, "-")}-${counter}-${process.pid}@test.invalid`, password: "een-lang-wachtwoord-123" };
}

/**
 * Signs up through the real /signup page, then logs in through /login as a new owner does
 * (sign-up itself logs nobody in), and returns the person with the session cookie.
 */
export async function signUpThroughPage(server: KoersServer, name: string): Promise<TestPerson> {
  const details = newPersonDetails(name);
  const res = await postForm(server, "/signup", { name: details.name, email: details.email, password: details.password });
  if (res.status !== 302) throw new Error(`sign-up refused with status ${res.status}`);
  const row = await findUserByEmail(server.services.db, details.email);
  if (!row) throw new Error("the sign-up page created no user");
  const cookie = await logInThroughPage(server, details);
  return { ...details, id: row.id, cookie };
}

/** Signs up through the app's own functions (faster; the same account and cookie as the page makes). */
export async function signUpDirectly(server: KoersServer, name: string): Promise<TestPerson> {
  const details = newPersonDetails(name);
  // A test-only address per person: the sign-up limit per address is not what these tests are about.
  await signUp(server.services, { ...details, ip: `test:${details.email}` });
  const id = await userIdOf(server, details.email);
  const cookie = cookiePair(await server.services.sessionCookie.serialize(await startSession(server.services, id)));
  return { ...details, id, cookie };
}

/** The id of the account with this address (a test reads what the app wrote). */
export async function userIdOf(server: KoersServer, email: string): Promise<string> {
  const row = await findUserByEmail(server.services.db, email);
  if (!row) throw new Error(`no account for ${email}`);
  return row.id;
}

/** Logs in through the real /login page: a second session for the same person. */
export async function logInThroughPage(server: KoersServer, person: Pick<TestPerson, "email" | "password">): Promise<string> {
  const res = await postForm(server, "/login", { email: person.email, password: person.password });
  if (res.status !== 302) throw new Error(`login refused with status ${res.status}`);
  return sessionCookieOf(res);
}

/** The HTTP status a websocket upgrade to a document gets: 101 when it opens (closed again at once). */
export function yjsUpgradeStatus(server: KoersServer, docName: string, cookie?: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${YJS_PATH}/${docName}`, { headers: cookie ? { Cookie: cookie } : {} });
    ws.once("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.once("open", () => {
      ws.close();
      resolve(101);
    });
    ws.once("error", () => resolve(-1));
  });
}

/**
 * Asks for a websocket upgrade over a plain TCP socket and returns every byte the server
 * sent until it closed the connection: what a client that ignores the status would see.
 */
export function rawUpgradeBytes(server: KoersServer, docName: string, cookie: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(server.port, "127.0.0.1", () => {
      socket.write(
        [
          `GET ${YJS_PATH}/${docName} HTTP/1.1`,
          `Host: 127.0.0.1:${server.port}`,
          "Connection: Upgrade",
          "Upgrade: websocket",
          "Sec-WebSocket-Version: 13",
          `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString("base64")}`,
          `Cookie: ${cookie}`,
          "",
          "",
        ].join("\r\n"),
      );
    });
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => resolve(Buffer.concat(chunks)));
    // A server that completed the upgrade would keep the socket open: give up and report what came.
    setTimeout(() => socket.destroy(), 3000).unref();
  });
}

/** A socket.io client as a logged-in page: websocket transport, the session cookie, no reconnecting. */
export function liveSocket(server: KoersServer, cookie?: string): ClientSocket {
  return connectSocketIo(`http://127.0.0.1:${server.port}`, {
    transports: ["websocket"],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: false,
    forceNew: true,
  });
}

/** Resolves "connected" or the connect_error message. */
export function connected(socket: ClientSocket): Promise<"connected" | string> {
  return new Promise((resolve) => {
    if (socket.connected) return resolve("connected");
    socket.once("connect", () => resolve("connected"));
    socket.once("connect_error", (error) => resolve(error.message));
  });
}

/** Emits an event with an acknowledgement and resolves the server's reply. */
export function ask<T>(socket: ClientSocket, event: string, payload: unknown): Promise<T> {
  return socket.timeout(5000).emitWithAck(event, payload) as Promise<T>;
}

/** A text as React writes it into server-rendered HTML (to look for a Dutch message in a page). */
export function asHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}
