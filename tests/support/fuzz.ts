// Shared by tests/integration/fuzz.test.ts and scripts/fuzz.ts: a seeded generator of
// broken y-websocket messages and a runner that sends them over raw websockets.
import WebSocket from "ws";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import { MessageType, YJS_PATH } from "../../app/collab/protocol";
import { MAX_MESSAGE_BYTES } from "../../server/collab/collab-server";

/** A seeded PRNG (mulberry32): the same seed sends the same messages. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The root field fuzz updates write to: a mutation that stays a valid update lands here, never in `notes`. */
export const FUZZ_FIELD = "fuzz";

export interface FuzzMessage {
  kind: string;
  data: Uint8Array | string;
}

function message(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}
const syncMessage = (subtype: number, payload: Uint8Array) =>
  message((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, subtype);
    encoding.writeVarUint8Array(e, payload);
  });

/** Valid messages that mutations start from; their updates only touch FUZZ_FIELD. */
function validBases(): Record<string, Uint8Array> {
  const doc = new Y.Doc();
  const text = doc.getText(FUZZ_FIELD);
  text.insert(0, "fuzz text");
  const before = Y.encodeStateVector(doc);
  text.insert(4, " more");
  text.delete(0, 2);
  doc.getMap(`${FUZZ_FIELD}-map`).set("k", { nested: [1, "two"] });
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState({ user: { name: "fuzzer", color: "#ff0000" }, cursor: { anchor: 3 } });
  const awarenessUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
  awareness.destroy();
  return {
    syncStep1: syncMessage(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(doc)),
    syncStep2: syncMessage(syncProtocol.messageYjsSyncStep2, Y.encodeStateAsUpdate(doc)),
    update: syncMessage(syncProtocol.messageYjsUpdate, Y.encodeStateAsUpdate(doc, before)),
    awareness: message((e) => {
      encoding.writeVarUint(e, MessageType.awareness);
      encoding.writeVarUint8Array(e, awarenessUpdate);
    }),
  };
}

/** An update that continues some client's history from a clock the server never saw. */
function missingDependencyUpdate(random: () => number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = 1 + Math.floor(random() * 2 ** 31);
  const text = doc.getText(FUZZ_FIELD);
  text.insert(0, "first");
  const sv = Y.encodeStateVector(doc);
  if (random() < 0.5) text.insert(2, "second");
  else text.delete(1, 2); // a deletion of items the server does not have
  return syncMessage(syncProtocol.messageYjsUpdate, Y.encodeStateAsUpdate(doc, sv));
}

/** Returns a generator of fuzz messages for one seed. */
export function fuzzMessages(seed: number): () => FuzzMessage {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const bases = validBases();
  const baseNames = Object.keys(bases);
  const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
  const varUint = (n: number) => message((e) => encoding.writeVarUint(e, n));

  const kinds: Array<[weight: number, make: () => FuzzMessage]> = [
    [10, () => ({ kind: "random-bytes", data: randomBytes(1 + int(64)) })],
    [25, () => {
      const name = baseNames[int(baseNames.length)]!;
      const data = bases[name]!.slice();
      for (let flips = 1 + int(3); flips > 0; flips--) data[int(data.length)]! ^= 1 << int(8);
      return { kind: `bitflip-${name}`, data };
    }],
    [20, () => {
      const name = baseNames[int(baseNames.length)]!;
      return { kind: `truncate-${name}`, data: bases[name]!.slice(0, int(bases[name]!.length)) };
    }],
    [10, () => {
      // A declared length (or count) far beyond the bytes that follow.
      const huge = varUint(2 ** (20 + int(33)));
      const prefix = [[MessageType.sync, int(3)], [MessageType.awareness], [MessageType.sync, 2, 10, 1]][int(3)]!;
      return { kind: "huge-length", data: Uint8Array.from([...prefix, ...huge, ...randomBytes(int(8))]) };
    }],
    [15, () => ({ kind: "missing-deps", data: missingDependencyUpdate(random) })],
    [8, () => {
      const sync = random() < 0.5;
      const head = sync ? [MessageType.sync, ...varUint(3 + int(1000))] : [...varUint(4 + int(2 ** 30))];
      return { kind: "unknown-type", data: Uint8Array.from([...head, ...randomBytes(int(16))]) };
    }],
    [5, () => ({ kind: "text-frame", data: String.fromCharCode(...randomBytes(1 + int(40))) })],
    [7, () => {
      const name = baseNames[int(baseNames.length)]!;
      return { kind: `valid-${name}`, data: bases[name]! };
    }],
    [0.02, () => ({ kind: "oversized", data: new Uint8Array(MAX_MESSAGE_BYTES + 1) })],
  ];
  const total = kinds.reduce((sum, [w]) => sum + w, 0);
  return () => {
    let pick = random() * total;
    for (const [weight, make] of kinds) {
      if ((pick -= weight) < 0) return make();
    }
    return kinds[0]![1]();
  };
}

export interface FuzzResult {
  perKind: Map<string, number>;
  /** Connections the server closed (a refused message, a text frame, an oversized frame). */
  closedByServer: number;
  /** Messages the server neither answered the following ping for nor closed on within the timeout. */
  hangs: number;
  /** Connections closed because applying a message threw (the server's catch-all): a validation gap. */
  unexpectedErrors: number;
}

/**
 * Sends `count` fuzz messages over `lanes` parallel raw connections to the given documents.
 * After each message a ping waits for the server to have handled it (a pong) or to close the
 * connection; a closed connection is replaced by a new one.
 */
export async function runFuzz(options: {
  port: number;
  docNames: string[];
  /** The session cookie every connection sends (the endpoint refuses anonymous upgrades). */
  cookie?: string;
  count: number;
  seed: number;
  lanes?: number;
  onProgress?: (sent: number) => void;
}): Promise<FuzzResult> {
  const next = fuzzMessages(options.seed);
  const pickDoc = prng(options.seed ^ 0x9e3779b9);
  const result: FuzzResult = { perKind: new Map(), closedByServer: 0, hangs: 0, unexpectedErrors: 0 };
  let sent = 0;

  const lane = async () => {
    let ws: WebSocket | null = null;
    while (sent < options.count) {
      ws ??= await open(options.port, options.docNames[Math.floor(pickDoc() * options.docNames.length)]!, options.cookie);
      const msg = next();
      sent++;
      result.perKind.set(msg.kind, (result.perKind.get(msg.kind) ?? 0) + 1);
      if (sent % 10_000 === 0) options.onProgress?.(sent);
      const outcome = await sendAndWait(ws, msg.data);
      if (outcome === "handled") continue;
      if (outcome === "hang") result.hangs++;
      else result.closedByServer++;
      if (outcome === "crashed") result.unexpectedErrors++;
      ws.terminate();
      ws = null;
    }
    ws?.close();
  };
  await Promise.all(Array.from({ length: options.lanes ?? 32 }, lane));
  return result;
}

function open(port: number, docName: string, cookie: string | undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${YJS_PATH}/${docName}`, { headers: cookie ? { Cookie: cookie } : {} });
    ws.on("error", () => {}); // a reset after a refused message is expected; "close" reports it
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", () => reject(new Error(`upgrade to ${docName} refused`)));
    ws.once("close", () => reject(new Error(`connection to ${docName} failed before it opened`)));
  });
}

type Outcome = "handled" | "closed" | "crashed" | "hang";
/** The close reason collab-server.ts gives when applying a message threw something validation did not catch. */
const UNEXPECTED_ERROR_REASON = "message could not be applied";

function sendAndWait(ws: WebSocket, data: Uint8Array | string, timeoutMs = 5000): Promise<Outcome> {
  return new Promise((resolve) => {
    const done = (outcome: Outcome) => {
      clearTimeout(timer);
      ws.off("pong", onPong);
      ws.off("close", onClose);
      resolve(outcome);
    };
    const onPong = () => done("handled");
    const onClose = (_code: number, reason: Buffer) =>
      done(reason.toString() === UNEXPECTED_ERROR_REASON ? "crashed" : "closed");
    const timer = setTimeout(() => done("hang"), timeoutMs);
    ws.on("pong", onPong);
    ws.on("close", onClose);
    if (ws.readyState !== WebSocket.OPEN) return done("closed");
    ws.send(data, { binary: typeof data !== "string" });
    // The server handles frames in order and answers a ping after the message before it.
    ws.ping();
  });
}
