import WebSocket from "ws";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { roomAccess } from "./access";
import { MessageType, YJS_PATH } from "../app/collab/protocol";

// A lean y-websocket client: the same wire protocol as y-websocket's WebsocketProvider
// (sync step 1/2, updates; awareness is received and ignored) without its awareness
// timers and reconnect logic, so that 600+ clients fit in one load process and the
// client side adds as little latency as possible.

const SYNC = MessageType.sync;

/** One client of one room: a Y.Doc kept in sync with the server over one websocket. */
export class BenchClient {
  readonly doc = new Y.Doc();
  readonly text = this.doc.getText("bench");
  /** Update messages received (the server echoes a client's own updates too). */
  updatesReceived = 0;
  /** Called with each string a remote update inserted, when it is applied. */
  onRemoteInsert: ((inserted: string) => void) | null = null;
  /** Resolves with performance.now() when the server's sync step 2 has been applied. */
  readonly synced: Promise<number>;
  readonly closed: Promise<void>;
  private ws!: WebSocket;

  private constructor() {
    let resolveSynced!: (t: number) => void;
    this.synced = new Promise((resolve, reject) => ((resolveSynced = resolve), (this.rejectSynced = reject)));
    this.synced.catch(() => {}); // only a failure if someone waits for it
    this.resolveSynced = resolveSynced;
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === this) return; // came from the server: never send it back
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, SYNC);
      syncProtocol.writeUpdate(encoder, update);
      this.send(encoding.toUint8Array(encoder));
    });
    this.text.observe((event) => {
      if (event.transaction.origin !== this || !this.onRemoteInsert) return;
      for (const op of event.delta) if (typeof op.insert === "string") this.onRemoteInsert(op.insert);
    });
  }
  private resolveSynced: (t: number) => void;
  private resolveClosed!: () => void;
  private rejectSynced!: (error: Error) => void;

  /** Opens a client on room `roomId` of the server at `wsBase` (ws://host:port). */
  static async open(wsBase: string, roomId: string): Promise<BenchClient> {
    const access = await roomAccess(wsBase.replace(/^ws/, "http"), roomId);
    const client = new BenchClient();
    const ws = new WebSocket(`${wsBase}${YJS_PATH}/${access.docName}`, { headers: access.headers, perMessageDeflate: false });
    ws.binaryType = "nodebuffer";
    client.ws = ws;
    ws.on("open", () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, SYNC);
      syncProtocol.writeSyncStep1(encoder, client.doc);
      client.send(encoding.toUint8Array(encoder));
    });
    ws.on("message", (data: Buffer) => client.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    // A socket that ends before syncing fails `synced` instead of leaving it pending forever.
    ws.on("close", (code, reason) => {
      client.rejectSynced(new Error(`${access.docName} closed before sync: ${code} ${reason.toString()}`));
      client.resolveClosed();
    });
    ws.on("error", (error) => {
      client.rejectSynced(new Error(`${access.docName}: ${error.message}`));
      client.resolveClosed();
    });
    return client;
  }

  private receive(data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    if (decoding.readVarUint(decoder) !== SYNC) return; // awareness and others: not measured
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, SYNC);
    const type = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
    if (type === syncProtocol.messageYjsUpdate) this.updatesReceived++;
    if (type === syncProtocol.messageYjsSyncStep2) this.resolveSynced(performance.now());
    // A reply (our sync step 2 to the server's step 1) has more than the type byte.
    if (encoding.length(encoder) > 1) this.send(encoding.toUint8Array(encoder));
  }

  private send(message: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(message);
  }

  /** Whether the websocket is still open. */
  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Closes the websocket and resolves once it is closed. */
  close(): Promise<void> {
    this.ws.close();
    return this.closed;
  }
}

/** Opens `count` items with at most `concurrency` openings in flight (a burst of 2,000 handshakes would time out). */
export async function openAll<T>(count: number, concurrency: number, open: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await open(i);
      }
    }),
  );
  return out;
}

/** Whether two clients hold identical documents (same state vector and same text). */
export function sameDocument(a: BenchClient, b: BenchClient): boolean {
  return a.text.toString() === b.text.toString() && Buffer.from(Y.encodeStateVector(a.doc)).equals(Buffer.from(Y.encodeStateVector(b.doc)));
}
