import type { WebSocket } from "ws";
import type { Identity } from "../../app/live/identity";
import type { CollabDocument, Connection } from "./extension";
import type { SharedDoc } from "./shared-doc";

let nextId = 1;

/** How long a closing connection may take to finish the close handshake before it is cut. */
const CLOSE_GRACE_MS = 1000;

/**
 * One client connection as the core holds it: the websocket (once the upgrade completed),
 * who it is, its document, and the bookkeeping of liveness and refusals.
 */
export class ClientConnection implements Connection {
  readonly id = nextId++;
  readonly awarenessClientIds = new Set<number>();
  ws: WebSocket | null = null;
  shared: SharedDoc | null = null;
  /** Messages that arrived while the document was loading, in order. */
  early: Uint8Array[] | null = [];
  /** Closed for what it sent: nothing it sends afterwards is applied. */
  refused = false;
  /** Ended (closed, refused before the upgrade, or the upgrade failed); onDisconnect has run. */
  ended = false;
  /** Liveness: when it last sent anything, and whether a ping is unanswered. */
  lastSeen = Date.now();
  awaitingPong = false;

  constructor(
    readonly docName: string,
    readonly identity: Identity,
    readonly sessionKey: string,
  ) {}

  get document(): CollabDocument | null {
    return this.shared;
  }

  /** Sends if the socket is open; a failed send cuts that one connection. */
  send(message: Uint8Array): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== ws.OPEN) return;
    ws.send(message, { binary: true }, (error) => {
      if (error) ws.terminate();
    });
  }

  /** Closes the connection with a code; it is cut if the close handshake does not finish in time. */
  close(code: number, reason: string): void {
    const ws = this.ws;
    if (!ws || (ws.readyState !== ws.OPEN && ws.readyState !== ws.CONNECTING)) return;
    ws.close(code, reason.slice(0, 120)); // a close reason may be at most 123 bytes
    setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
  }

  /** Closes it for what it sent; nothing it sends after this is applied. */
  refuse(code: number, reason: string): void {
    this.refused = true;
    this.close(code, reason);
  }
}
