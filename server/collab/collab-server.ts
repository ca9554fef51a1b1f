import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type SQLite from "better-sqlite3";
import { WebSocketServer, type WebSocket } from "ws";
import type * as Y from "yjs";
import { CloseCode, parseDocName } from "../../app/collab/protocol";
import type { Identity } from "../../app/live/identity";
import { sessionMatches, type SessionFilter } from "../../app/services.server";
import { logger } from "../logger";
import { SharedDoc, send } from "./shared-doc";
import { awarenessOfEveryone, readMessage, ReadOnlyRefusal, RejectedMessage, syncStep1 } from "./read-message";
import { DEFAULT_MESSAGE_RATE, MessageRate, type MessageRateLimit } from "./message-rate";

/** The transaction origin of the server's own edits. */
const SERVER_ORIGIN = Symbol("koers-server");

/** Largest message the Yjs endpoint accepts; a larger one closes the connection. */
export const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
/** How often connections are pinged; one that misses a pong by the next ping is dropped. */
const PING_INTERVAL_MS = 30_000;

export interface CollabServerOptions {
  sqlite: SQLite.Database;
  /** Called after a document's update was stored (the agreements indexer listens). */
  onDocumentChanged?: (docName: string, doc: Y.Doc) => void;
  /** Called just before a document leaves memory, while it can still be read. */
  onDocumentUnloading?: (docName: string, doc: Y.Doc, intact: boolean) => void;
  /** Called when the last connection to a document closed, before it is compacted and unloaded (history snapshots). */
  onLastLeft?: (docName: string, doc: Y.Doc) => void;
  /**
   * Whether a document is read-only now (a meeting whose report is confirmed). Checked on
   * every change a client sends, so it must be cheap; a change is refused with 4423 and never stored.
   */
  isReadOnly?: (docName: string) => boolean;
  pingIntervalMs?: number;
  /** Messages per connection before it is closed with 4429 (default DEFAULT_MESSAGE_RATE). */
  messageRate?: MessageRateLimit;
}

/** Thrown by editDocument for a read-only document: nothing was changed. */
export class ReadOnlyDocumentError extends Error {
  constructor(readonly docName: string) {
    super(`${docName} is read-only`);
  }
}

/** The Yjs endpoint: y-websocket protocol, persistence before broadcast, one SharedDoc per open document. */
export class CollabServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private readonly docs = new Map<string, SharedDoc>();
  private readonly alive = new WeakSet<WebSocket>();
  /** Connections closed for what they sent (malformed, a flood). */
  private readonly refused = new WeakSet<WebSocket>();
  /** The account behind each connection, as the upgrade check found it. */
  private readonly identities = new WeakMap<WebSocket, { identity: Identity; sessionKey: string }>();
  private readonly pingTimer: NodeJS.Timeout;
  private closing = false;

  constructor(private readonly options: CollabServerOptions) {
    this.pingTimer = setInterval(() => this.pingAll(), options.pingIntervalMs ?? PING_INTERVAL_MS);
    this.pingTimer.unref();
  }

  /** Completes a websocket upgrade for `/yjs/<docName>`, or refuses it before it completes. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, docName: string, identity: Identity, sessionKey: string): void {
    if (this.closing) return refuseUpgrade(socket, 503, "Service Unavailable");
    if (!parseDocName(docName)) return refuseUpgrade(socket, 404, "Not Found");
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.identities.set(ws, { identity, sessionKey });
      this.openConnection(ws, docName, identity);
    });
  }

  /** Closes the connections of ended sessions (log out, log out elsewhere, password change). */
  closeSessions(which: SessionFilter): void {
    for (const ws of this.wss.clients) {
      const who = this.identities.get(ws);
      if (who && sessionMatches(which, who.identity.userId, who.sessionKey)) closeWith(ws, CloseCode.sessionEnded, "session ended");
    }
  }

  /**
   * Changes a document on the server's own behalf (templates, agreement reviews, restores):
   * the change is stored and broadcast like any client's update. A document nobody has open
   * is loaded for the edit and compacted and unloaded afterwards. Throws when storing fails,
   * and ReadOnlyDocumentError for a read-only document.
   */
  editDocument(docName: string, edit: (doc: Y.Doc) => void): void {
    if (this.closing) throw new Error("the server is shutting down");
    if (this.options.isReadOnly?.(docName)) throw new ReadOnlyDocumentError(docName);
    const shared = this.getDoc(docName);
    try {
      shared.doc.transact(() => edit(shared.doc), SERVER_ORIGIN);
      if (shared.storageError) throw shared.storageError;
    } finally {
      if (shared.storageError) this.dropAfterStorageFailure(shared);
      else if (shared.conns.size === 0) {
        shared.compact();
        this.unload(shared);
      }
    }
  }

  /** Reads a document as it is now (the live copy when open, else as stored). */
  readDocument<T>(docName: string, read: (doc: Y.Doc) => T): T {
    const open = this.docs.get(docName);
    if (open) return read(open.doc);
    const shared = new SharedDoc(docName, this.options.sqlite);
    try {
      return read(shared.doc);
    } finally {
      shared.destroy();
    }
  }

  /** How many documents are held in memory now. */
  get openDocumentCount(): number {
    return this.docs.size;
  }

  private openConnection(ws: WebSocket, docName: string, identity: Identity): void {
    const shared = this.getDoc(docName);
    const rate = new MessageRate(this.options.messageRate ?? DEFAULT_MESSAGE_RATE);
    shared.conns.set(ws, new Set());
    this.alive.add(ws);
    ws.on("pong", () => this.alive.add(ws));
    ws.on("error", (error) => logger.warn(`connection to ${docName} failed`, error.message));
    ws.on("close", () => this.closeConnection(shared, ws));
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      // After a refusal, what the connection still sends while closing (the rest of a flood) is not applied.
      if (this.refused.has(ws)) return;
      if (!rate.take()) {
        logger.warn(`closing a connection to ${docName}: more than ${this.options.messageRate?.perSecond ?? DEFAULT_MESSAGE_RATE.perSecond} messages/s`);
        return this.refuse(ws, CloseCode.tooManyMessages, "too many messages");
      }
      if (!isBinary) return this.refuse(ws, CloseCode.malformedMessage, "text frames are not y-websocket messages");
      this.receive(shared, ws, identity, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    });

    // Start the sync: the server's state vector, then who is already here.
    send(ws, syncStep1(shared.doc));
    if (shared.awareness.getStates().size > 0) send(ws, awarenessOfEveryone(shared.awareness));
  }

  private receive(shared: SharedDoc, ws: WebSocket, identity: Identity, data: Uint8Array): void {
    try {
      const reply = readMessage(shared, ws, identity, data, this.options.isReadOnly?.(shared.name) ?? false);
      if (reply) send(ws, reply);
    } catch (error) {
      if (error instanceof ReadOnlyRefusal) {
        logger.info(`closing a connection to ${shared.name}: it changed a read-only document`);
        return this.refuse(ws, CloseCode.readOnly, error.message);
      }
      if (error instanceof RejectedMessage) {
        logger.warn(`closing a connection to ${shared.name}: ${error.message}`);
        return this.refuse(ws, CloseCode.malformedMessage, error.message);
      }
      logger.error(`unexpected error on ${shared.name}`, error);
      this.refuse(ws, CloseCode.malformedMessage, "message could not be applied");
    }
    if (shared.storageError) this.dropAfterStorageFailure(shared);
  }

  /**
   * Closes a connection for what it sent; nothing it sends after this is applied. (A close for
   * other reasons, such as a restart, still applies what arrives during the close handshake:
   * the sender may get it confirmed.)
   */
  private refuse(ws: WebSocket, code: number, reason: string): void {
    this.refused.add(ws);
    closeWith(ws, code, reason);
  }

  /**
   * A write failed, so memory holds what the database does not: close every connection
   * and forget the in-memory doc. Clients keep their edits and resend them after reconnecting.
   */
  private dropAfterStorageFailure(shared: SharedDoc): void {
    for (const ws of [...shared.conns.keys()]) closeWith(ws, CloseCode.storageFailed, "saving failed; reconnecting");
    this.unload(shared);
  }

  private getDoc(name: string): SharedDoc {
    let shared = this.docs.get(name);
    if (!shared) {
      const onChanged = this.options.onDocumentChanged;
      shared = new SharedDoc(name, this.options.sqlite, onChanged && ((stored) => onChanged(stored.name, stored.doc)));
      this.docs.set(name, shared);
    }
    return shared;
  }

  private closeConnection(shared: SharedDoc, ws: WebSocket): void {
    shared.removeConnection(ws);
    if (shared.conns.size === 0 && this.docs.get(shared.name) === shared) {
      if (!shared.storageError) {
        try {
          this.options.onLastLeft?.(shared.name, shared.doc);
        } catch (error) {
          logger.error(`the last-left hook of ${shared.name} failed`, error);
        }
      }
      shared.compact(); // the next load reads one state instead of a log
      this.unload(shared);
    }
  }

  private unload(shared: SharedDoc): void {
    // `intact` is false after a failed write: memory then holds what the database does not.
    this.options.onDocumentUnloading?.(shared.name, shared.doc, !shared.storageError);
    if (this.docs.get(shared.name) === shared) this.docs.delete(shared.name);
    shared.destroy();
  }

  private pingAll(): void {
    for (const ws of this.wss.clients) {
      if (!this.alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.delete(ws);
      ws.ping();
    }
  }

  /** Closes every connection (clients reconnect to the next server) and compacts open documents. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.pingTimer);
    for (const shared of this.docs.values()) shared.compact();
    for (const ws of this.wss.clients) closeWith(ws, CloseCode.shuttingDown, "server is restarting");
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    // Sockets that did not finish the close handshake in time are cut.
    for (const ws of this.wss.clients) ws.terminate();
    for (const shared of [...this.docs.values()]) this.unload(shared);
  }
}

function closeWith(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) {
    ws.close(code, reason.slice(0, 120)); // a close reason may be at most 123 bytes
    setTimeout(() => ws.terminate(), 1000).unref();
  }
}

/** Answers a websocket upgrade with a plain HTTP status and drops the socket. */
export function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
