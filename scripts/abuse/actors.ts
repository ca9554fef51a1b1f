import WebSocket from "ws";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import { WebsocketProvider } from "y-websocket";
import { io as connectSocketIo, type Socket } from "socket.io-client";
import { YJS_PATH } from "../../app/collab/protocol";

// The people and programs of `npm run abuse`: browsers that use the real pages (a cookie jar
// and a network address each; the server runs with TRUST_PROXY=true so X-Forwarded-For tells
// the addresses apart), Yjs clients (the standard provider, and raw sockets for hand-made
// messages) and socket.io clients.

/** A browser: its cookies and the address it comes from. */
export class Browser {
  private readonly cookies = new Map<string, string>();
  constructor(
    readonly baseUrl: string,
    readonly address: string,
  ) {}

  /** The Cookie header this browser sends. */
  get cookie(): string {
    return [...this.cookies.values()].join("; ");
  }

  private remember(res: Response): void {
    for (const setCookie of res.headers.getSetCookie()) {
      const pair = setCookie.split(";")[0]!;
      const name = pair.slice(0, pair.indexOf("="));
      if (/max-age=0/i.test(setCookie) || pair.endsWith("=")) this.cookies.delete(name);
      else this.cookies.set(name, pair);
    }
  }

  async get(path: string): Promise<Response> {
    const res = await fetch(`${this.baseUrl}${path}`, { redirect: "manual", headers: { Cookie: this.cookie, "X-Forwarded-For": this.address } });
    this.remember(res);
    return res;
  }

  /** A form post as the page sends it (same-site Origin, urlencoded); redirects are returned, not followed. */
  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: this.baseUrl, "Content-Type": "application/x-www-form-urlencoded", Cookie: this.cookie, "X-Forwarded-For": this.address, ...headers },
      body: new URLSearchParams(fields).toString(),
    });
    this.remember(res);
    return res;
  }
}

export interface Person {
  name: string;
  email: string;
  password: string;
  browser: Browser;
}

let counter = 0;
/** Signs up through the page and logs in through the next one, as a new owner does. */
export async function signUpAndLogIn(baseUrl: string, name: string, address: string): Promise<Person> {
  counter += 1;
  const email = `${name.toLowerCase().replace(/\W+/g, "-")}-${counter}-${process.pid}@abuse.invalid`;
  const password = "een-lang-wachtwoord-123";
  const browser = new Browser(baseUrl, address);
  const signedUp = await browser.post("/signup", { name, email, password });
  if (signedUp.status !== 302) throw new Error(`sign-up of ${name} answered ${signedUp.status}`);
  const loggedIn = await browser.post("/login", { email, password });
  if (loggedIn.status !== 302) throw new Error(`login of ${name} answered ${loggedIn.status}`);
  return { name, email, password, browser };
}

/** The id in a redirect to /<kind>/<id>. */
export function idFromLocation(res: Response, kind: "pairs" | "meetings"): string {
  const id = new RegExp(`/${kind}/([^/?#]+)`).exec(res.headers.get("location") ?? "")?.[1];
  if (!id) throw new Error(`expected a redirect to /${kind}/…, got ${res.status} ${res.headers.get("location")}`);
  return id;
}

/** The ws polyfill with fixed headers (the session cookie) for y-websocket's provider. */
export function withHeaders(headers: Record<string, string>): typeof globalThis.WebSocket {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers, perMessageDeflate: false });
    }
  } as unknown as typeof globalThis.WebSocket;
}

/** A standard y-websocket client of a document, as the holder of `cookie`. */
export function provider(baseUrl: string, docName: string, cookie: string, doc = new Y.Doc()): { doc: Y.Doc; provider: WebsocketProvider; synced: Promise<void> } {
  const p = new WebsocketProvider(`${baseUrl.replace(/^http/, "ws")}${YJS_PATH}`, docName, doc, {
    WebSocketPolyfill: withHeaders({ Cookie: cookie, Origin: baseUrl }),
    disableBc: true,
    connect: false,
  });
  const synced = new Promise<void>((resolve) => p.on("sync", (isSynced: boolean) => isSynced && resolve()));
  p.connect();
  return { doc, provider: p, synced };
}

/** A raw websocket to a document (hand-made messages), open. Resolves null when the upgrade is refused. */
export function rawYjs(baseUrl: string, docName: string, cookie: string): Promise<WebSocket | null> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, "ws")}${YJS_PATH}/${docName}`, { headers: { Cookie: cookie, Origin: baseUrl }, perMessageDeflate: false });
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_req, res) => {
      res.resume();
      resolve(null);
    });
    ws.once("error", () => resolve(null));
  });
}



/**
 * A Yjs update (v1) of one GC struct: `length` clocks of `client` starting at `clock`, and an
 * empty delete set: the 16-byte update of #13.4 that claims another client's next clocks.
 */
export function gcClaim(client: number, clock: number, length: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // clients
  encoding.writeVarUint(e, 1); // structs of this client
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  encoding.writeUint8(e, 0); // struct info: GC
  encoding.writeVarUint(e, length);
  encoding.writeVarUint(e, 0); // delete set: no clients
  return encoding.toUint8Array(e);
}

/** A socket.io client as a logged-in page. */
export function liveSocket(baseUrl: string, cookie: string): Socket {
  return connectSocketIo(baseUrl, { transports: ["websocket"], extraHeaders: { cookie, origin: baseUrl }, reconnection: false, forceNew: true });
}

/** Resolves "connected" or the refusal. */
export function connected(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    if (socket.connected) return resolve("connected");
    socket.once("connect", () => resolve("connected"));
    socket.once("connect_error", (error) => resolve(error.message));
  });
}

/** A paragraph of text, as the editor writes one into a field. */
export function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

/** A text-block node (agendaItem, agreement) with attributes, as the editor writes one. */
export function textBlock(type: "agendaItem" | "agreement", attrs: Record<string, string | boolean | number | null>, text: string): Y.XmlElement {
  const node = new Y.XmlElement(type);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value as string);
  node.insert(0, [new Y.XmlText(text)]);
  return node;
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
