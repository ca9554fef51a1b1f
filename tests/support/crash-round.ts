// Shared by tests/integration/crash.test.ts and scripts/crash.ts: clients type into one
// document on a production server, the server is killed with SIGKILL at a seeded random
// moment, and every update the server had sent to any client must be in the database
// (SQLite or PostgreSQL; docs/decisions/002). Then the clients reconnect and must converge.
import WebSocket from "ws";
import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import { WebsocketProvider } from "y-websocket";
import { meetingDocName, MessageType, YJS_PATH } from "../../app/collab/protocol";
import { storedDocumentAsDoc } from "../../db/sqlite-doc-store";
import { readStoredDocumentAt } from "./test-database";
import { prng } from "./fuzz";
import { ServerProcess } from "./server-process";
import { signUpMemberOfNewPair } from "./process-session";
import { eventually } from "./test-server";

/** The Y.Text the crash clients type into. */
const FIELD = "notes";
/** Ends every marker, so the markers in a text or an update can be split apart again. */
const END = "|";

export interface CrashRunOptions {
  rounds: number;
  seed: number;
  /**
   * Keep typing while the clients reconnect. Off by default: the server then closes a
   * client with 4400 for good (see the known bug in tests/integration/crash.test.ts).
   */
  typeDuringReconnect?: boolean;
  /** Sent with every websocket upgrade (e.g. a session cookie once /yjs requires one). */
  headers?: Record<string, string>;
  onRound?: (round: CrashRoundResult) => void;
}

export interface CrashRoundResult {
  round: number;
  clients: number;
  /** How long the clients typed before the kill. */
  killAfterMs: number;
  /** Markers typed while the server was up. */
  typed: number;
  /** Distinct markers some client had received from the server when it was killed. */
  received: number;
  /** Of those, markers a client received back for its own update (the server's echo). */
  echoed: number;
  /** Received markers missing from the database or from the restarted server, one entry per marker. */
  lost: string[];
  /** Whether the database held a compacted state at the kill (not just the update log). */
  compacted: boolean;
  /** How long each phase took, in ms. */
  phases: Record<string, number>;
  /** Anything else that went wrong (no convergence, a split marker, a timeout). */
  failures: string[];
}

export interface CrashRunResult {
  rounds: CrashRoundResult[];
  updatesChecked: number;
  lost: number;
  failures: string[];
}

/** Runs `rounds` crash rounds against one production server process (dist/server.js). */
export async function runCrashRounds(options: CrashRunOptions & { database?: string }): Promise<CrashRunResult> {
  const random = prng(options.seed);
  const server = await ServerProcess.start(undefined, options.database);
  const rounds: CrashRoundResult[] = [];
  try {
    // Every upgrade is checked: the typists are one member of a real pair, with a meeting per round.
    const member = await signUpMemberOfNewPair(server.url);
    const withSession = { ...options, headers: { ...options.headers, Cookie: member.cookie } };
    for (let round = 1; round <= options.rounds; round++) {
      // A round that fails (the restarted server not answering, too) is reported and the run goes on.
      const result = await member.newMeeting().then((meetingId) => runCrashRound(server, round, random, withSession, meetingId)).catch((error: unknown) => ({
        round, clients: 0, killAfterMs: 0, typed: 0, received: 0, echoed: 0, lost: [], compacted: false, phases: {},
        failures: [`round ${round} failed: ${error instanceof Error ? error.stack : String(error)}\n${server.log}`],
      }));
      rounds.push(result);
      options.onRound?.(result);
      // After a failed round the server may be down: start it again so the next round is a real one.
      if (result.failures.length) await server.restart("SIGKILL").catch(() => undefined);
    }
  } finally {
    await server.stop("SIGKILL");
  }
  return {
    rounds,
    updatesChecked: rounds.reduce((n, r) => n + r.received, 0),
    lost: rounds.reduce((n, r) => n + r.lost.length, 0),
    failures: rounds.flatMap((r) => r.failures.map((f) => `round ${r.round}: ${f}`)),
  };
}

async function runCrashRound(
  server: ServerProcess,
  round: number,
  random: () => number,
  options: CrashRunOptions,
  meetingId: string,
): Promise<CrashRoundResult> {
  const docName = meetingDocName(meetingId);
  const clientCount = 2 + Math.floor(random() * 3);
  const killAfterMs = Math.floor(random() * 800);
  const failures: string[] = [];
  const phases: Record<string, number> = {};
  let phaseStart = Date.now();
  const phase = (name: string) => {
    phases[name] = Date.now() - phaseStart;
    phaseStart = Date.now();
  };

  const typists = Array.from({ length: clientCount }, (_, i) => new Typist(i, prng(Math.floor(random() * 2 ** 31))));
  const clients = typists.map((t) =>
    connectYjsClient(server.port, docName, t.doc, { headers: options.headers, onServerMessage: (m) => t.record(m) }),
  );
  try {
    await withTimeout(Promise.all(clients.map((c) => c.synced)), 5000, "first sync");
    phase("connect");
    for (const t of typists) t.start();
    await sleep(killAfterMs);
    await server.stop("SIGKILL");
    phase("type+kill");
    const typed = typists.reduce((n, t) => n + t.typed.length, 0);
    // No reconnect yet: the check must see what the server stored, not what clients resend.
    for (const c of clients) c.provider.disconnect();
    // Typing on offline for a moment gives the reconnect something to send; stopping then
    // keeps the CPU free for the restart (two shared cores).
    const offlineTypingMs = Math.floor(random() * 150);
    setTimeout(() => {
      if (!options.typeDuringReconnect) for (const t of typists) t.stop();
    }, offlineTypingMs).unref();

    const received = new Set<string>();
    const echoed = new Set<string>();
    for (const t of typists) {
      for (const m of t.received) received.add(m);
      for (const m of t.echoed) echoed.add(m);
    }

    // 1. The database itself, read with the server's own reader.
    const file = await readDatabaseDoc(server.database, docName);
    const stored = markersIn(file.text);
    const missing = new Map<string, string[]>(); // marker → where it was missing
    const miss = (m: string, where: string) => missing.set(m, [...(missing.get(m) ?? []), where]);
    for (const m of received) if (!stored.has(m)) miss(m, "the database");

    phase("read file");
    // 2. What the restarted server serves to a fresh client.
    await server.restart();
    phase("restart");
    const freshDoc = new Y.Doc();
    const fresh = connectYjsClient(server.port, docName, freshDoc, { headers: options.headers });
    clients.push(fresh);
    await withTimeout(fresh.synced, 5000, "fresh client sync after restart");
    phase("fresh sync");
    const served = markersIn(freshDoc.getText(FIELD).toString());
    for (const m of received) if (!served.has(m)) miss(m, "restarted server");
    const lost = [...missing].map(([m, where]) => `${m} (missing from ${where.join(" and ")})`);

    // 3. The typists (who typed on offline) reconnect and everyone converges.
    const typeOnFor = Math.floor(random() * 100);
    if (!options.typeDuringReconnect) for (const t of typists) t.stop();
    for (const c of clients) c.provider.connect();
    await sleep(typeOnFor);
    for (const t of typists) t.stop();
    const docs = [...typists.map((t) => t.doc), freshDoc];
    const allTyped = typists.flatMap((t) => t.typed);
    try {
      await eventually(() => {
        const texts = docs.map((d) => d.getText(FIELD).toString());
        if (texts.some((t) => t !== texts[0])) {
          const counts = texts.map((t) => markersIn(t).size).join(", ");
          const status = clients.map((c) => connectionStatus(c)).join(", ");
          throw new Error(`clients did not converge (markers per client ${counts}, fresh client last; ${status})`);
        }
        const present = markersIn(texts[0]!);
        const missing = allTyped.filter((m) => !present.has(m));
        if (missing.length) throw new Error(`converged without ${missing.length} typed markers, e.g. ${missing[0]}`);
      }, 10_000);
    } catch (error) {
      failures.push(`${error instanceof Error ? error.message : String(error)}\nserver log since restart:\n${server.log}`);
    }
    phase("converge");
    const split = [...markersIn(freshDoc.getText(FIELD).toString())].filter((m) => !/^c\d+-\d+$/.test(m));
    if (split.length) failures.push(`split markers: ${split.slice(0, 3).join(", ")}`);

    return { round, clients: clientCount, killAfterMs, typed, received: received.size, echoed: echoed.size, lost, compacted: file.compacted, phases, failures };
  } finally {
    for (const t of typists) t.stop();
    for (const c of clients) c.destroy();
  }
}

/** One simulated person (also the cluster crash test's): inserts unique markers at random marker boundaries and records what the server sent. */
export class Typist {
  readonly doc = new Y.Doc();
  readonly typed: string[] = [];
  /** Markers in updates the server sent to this client (sync step 2 or a broadcast update). */
  readonly received = new Set<string>();
  /** Received markers this client typed itself: the server's echo of its own update. */
  readonly echoed = new Set<string>();
  private readonly own = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    readonly index: number,
    private readonly random: () => number,
  ) {}

  start(): void {
    const next = () => {
      if (this.stopped) return;
      this.typeOne();
      this.timer = setTimeout(next, Math.floor(this.random() * 4));
    };
    next();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private typeOne(): void {
    const text = this.doc.getText(FIELD);
    const content = text.toString();
    const boundaries = [0];
    for (let i = content.indexOf(END); i !== -1; i = content.indexOf(END, i + 1)) boundaries.push(i + 1);
    const marker = `c${this.index}-${this.typed.length}`;
    this.typed.push(marker);
    this.own.add(marker);
    text.insert(boundaries[Math.floor(this.random() * boundaries.length)]!, marker + END);
  }

  /** Records the markers in a message from the server, if it carries document content. */
  record(message: Uint8Array): void {
    const update = syncUpdateIn(message);
    if (!update) return;
    for (const m of markersInUpdate(update)) {
      this.received.add(m);
      if (this.own.has(m)) this.echoed.add(m);
    }
  }
}

export interface YjsClient {
  provider: WebsocketProvider;
  /** Resolves once the first sync with the server has completed. */
  synced: Promise<void>;
  /** Closes the server initiated (code and reason), for failure messages. */
  closes: string[];
  destroy(): void;
}

/**
 * The one way crash-test clients connect to /yjs: a standard WebsocketProvider over `ws`.
 * `headers` go with every upgrade (reconnects too); `onServerMessage` sees every message
 * the server sends, before the provider reads it.
 */
export function connectYjsClient(
  port: number,
  docName: string,
  doc: Y.Doc,
  options: { headers?: Record<string, string>; onServerMessage?: (message: Uint8Array) => void } = {},
): YjsClient {
  const { headers, onServerMessage } = options;
  class ClientSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
      if (onServerMessage) {
        this.on("message", (data: Buffer | ArrayBuffer | Buffer[]) => onServerMessage(toBytes(data)));
      }
    }
  }
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}${YJS_PATH}`, docName, doc, {
    WebSocketPolyfill: ClientSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: false,
    maxBackoffTime: 200, // the restarted server is back within a second; do not wait 2.5 s
  });
  const synced = new Promise<void>((resolve) => {
    provider.once("sync", (isSynced: boolean) => isSynced && resolve());
  });
  const closes: string[] = [];
  provider.on("connection-close", (event) => {
    if (event && event.code !== 1006) closes.push(`${event.code} ${event.reason}`);
  });
  provider.connect();
  return {
    provider,
    synced,
    closes,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

function connectionStatus(client: YjsClient): string {
  if (client.provider.synced) return "synced";
  if (client.provider.wsconnected) return "connected";
  return `offline after ${client.closes.join("; ") || "no close from the server"}`;
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** The update in a sync-step-2 or update message, or null for any other message. */
function syncUpdateIn(message: Uint8Array): Uint8Array | null {
  const decoder = decoding.createDecoder(message);
  if (decoding.readVarUint(decoder) !== MessageType.sync) return null;
  const subtype = decoding.readVarUint(decoder);
  if (subtype !== syncProtocol.messageYjsSyncStep2 && subtype !== syncProtocol.messageYjsUpdate) return null;
  return decoding.readVarUint8Array(decoder);
}

/** The markers an update inserts (each insert is whole markers, so item strings split cleanly). */
function markersInUpdate(update: Uint8Array): string[] {
  const markers: string[] = [];
  for (const struct of Y.decodeUpdate(update).structs) {
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentString) {
      markers.push(...struct.content.str.split(END).filter(Boolean));
    }
  }
  return markers;
}

export function markersIn(text: string): Set<string> {
  return new Set(text.split(END).filter(Boolean));
}

/** The document's text as stored in the database (the server must be stopped), and whether it had been compacted. */
async function readDatabaseDoc(database: string, docName: string): Promise<{ text: string; compacted: boolean }> {
  const stored = await readStoredDocumentAt(database, docName);
  return { text: storedDocumentAsDoc(stored).getText(FIELD).toString(), compacted: stored.state !== null };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
