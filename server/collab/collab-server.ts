import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import { CloseCode, MessageType } from "../../app/collab/protocol";
import type { DeleteSet } from "../../app/collab/saved-state";
import { sessionMatches, type SessionFilter } from "../../app/services.server";
import type { DocStore, DocWrite } from "../../db/doc-store";
import { logger } from "../logger";
import { AwarenessRelay } from "./awareness-relay";
import { ClientConnection } from "./connection";
import { Refusal, type AwarenessEntry, type CollabExtension, type CollabServerApi, type CompactionDone, type IncomingUpdate, type StoredChange } from "./extension";
import { Liveness } from "./liveness";
import {
  awarenessOfEveryone,
  checkStateVector,
  checkUpdate,
  encodeAwarenessEntries,
  MissingDependencies,
  readAwarenessEntries,
  readOrReject,
  RejectedMessage,
  syncStep1,
  syncStep2,
  updateMessage,
  type CheckedUpdate,
} from "./read-message";
import { COMPACT_AFTER_UPDATES, ELSEWHERE_ORIGIN, SERVER_ORIGIN, SharedDoc } from "./shared-doc";
import { WriteQueue } from "./write-queue";

// The collaboration core: the y-websocket protocol, the documents in memory, and the
// write queue between them and the DocStore. It knows nothing of meetings, roles or
// sessions' meaning: everything Koers decides is an extension (extension.ts), composed
// in server/koers-server.ts. How a keystroke travels: docs/architecture.md.

/** Largest message the Yjs endpoint accepts; `ws` fails a larger frame itself with 1009. */
export const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
/** Messages a connection may send before its document has loaded (a client sends three or four). */
const MAX_EARLY_MESSAGES = 16;

export interface CollabServerOptions {
  store: DocStore;
  /** Everything Koers adds to the protocol, in the order the hooks run. */
  extensions: readonly CollabExtension[];
  /** Liveness check interval (liveness.ts; tests shorten it). */
  livenessIntervalMs?: number;
  /** Awareness messages per second per document (awareness-relay.ts). */
  awarenessRelaysPerSecond?: number;
}

/** A StoredChange as the core fills it in: its log row id is known once the batch committed. */
type PendingChange = { -readonly [K in keyof StoredChange]: StoredChange[K] };

/** A change waiting in the write queue, with what is done once it is stored. */
interface QueuedChange {
  write: DocWrite;
  shared: SharedDoc;
  seq: number;
  bytes: number;
  /** The update as every connection receives it; null for a write without update. */
  broadcast: Uint8Array | null;
  change: PendingChange | null;
}

const NO_OWNERS: ReadonlyArray<readonly [number, string]> = [];

const EMPTY_DELETE_SET: DeleteSet = Y.createDeleteSet();

/** The extensions that implement each hook, looked up once. */
function hooksOf(extensions: readonly CollabExtension[]) {
  const having = <K extends keyof CollabExtension>(hook: K) => extensions.filter((e) => e[hook] !== undefined) as Array<CollabExtension & Required<Pick<CollabExtension, K>>>;
  return {
    onConfigure: having("onConfigure"),
    onAuthenticate: having("onAuthenticate"),
    onConnect: having("onConnect"),
    beforeLoadDocument: having("beforeLoadDocument"),
    onLoadDocument: having("onLoadDocument"),
    afterLoadDocument: having("afterLoadDocument"),
    connected: having("connected"),
    beforeHandleMessage: having("beforeHandleMessage"),
    beforeApplyUpdate: having("beforeApplyUpdate"),
    afterApplyUpdate: having("afterApplyUpdate"),
    beforeServerEdit: having("beforeServerEdit"),
    beforeApplyAwareness: having("beforeApplyAwareness"),
    afterStore: having("afterStore"),
    afterAwarenessChange: having("afterAwarenessChange"),
    beforeCompact: having("beforeCompact"),
    afterCompact: having("afterCompact"),
    onDisconnect: having("onDisconnect"),
    onLastLeft: having("onLastLeft"),
    beforeUnloadDocument: having("beforeUnloadDocument"),
    onDocumentClosed: having("onDocumentClosed"),
    onDestroy: having("onDestroy"),
  };
}

/** An update from a connection while it is being applied. */
class ApplyingUpdate implements IncomingUpdate {
  claims: Array<readonly [number, string]> | null = null;
  /** Whether applying it changed the document (the Y.Doc's update event fired). */
  fired = false;

  constructor(
    readonly connection: ClientConnection,
    readonly kind: "update" | "syncStep2",
    readonly bytes: Uint8Array,
    private readonly checked: CheckedUpdate,
  ) {}

  get structs() {
    return this.checked.structs;
  }
  get deleteSet() {
    return this.checked.deleteSet;
  }
  get clients() {
    return this.checked.clients;
  }

  claimClients(owners: ReadonlyArray<readonly [number, string]>): void {
    if (owners.length) (this.claims ??= []).push(...owners);
  }
}

/** The Yjs endpoint: y-websocket protocol, write before broadcast (group commit), one SharedDoc per open document. */
export class CollabServer implements CollabServerApi {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private readonly docs = new Map<string, SharedDoc>();
  private readonly loading = new Map<string, Promise<SharedDoc>>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly connections = new Set<ClientConnection>();
  private readonly hooks: ReturnType<typeof hooksOf>;
  private readonly queue: WriteQueue<QueuedChange>;
  private readonly liveness: Liveness;
  private readonly relay: AwarenessRelay;
  private readonly store: DocStore;
  /** The connection update being applied right now (the Y.Doc's update event belongs to it). */
  private applying: ApplyingUpdate | null = null;
  /** The log row of the update another instance stored that is being applied right now (applyStored). */
  private applyingElsewhere: { logId: number | null } | null = null;
  /** Sockets corked while one batch's messages are sent, so each gets one write. */
  private readonly corked = new Set<Duplex>();
  private closing = false;

  constructor(options: CollabServerOptions) {
    this.store = options.store;
    this.hooks = hooksOf(options.extensions);
    this.liveness = new Liveness(options.livenessIntervalMs);
    this.relay = new AwarenessRelay(options.awarenessRelaysPerSecond);
    this.queue = new WriteQueue<QueuedChange>(this.store, {
      committed: (items, ids) => this.committed(items, ids),
      failed: (items, error) => this.writeFailed(items, error),
      afterCommitError: (error) => logger.error("handling a stored batch failed", error),
    });
    for (const extension of this.hooks.onConfigure) extension.onConfigure(this);
  }

  /** How many documents are held in memory now. */
  get openDocumentCount(): number {
    return this.docs.size;
  }

  /**
   * Completes a websocket upgrade for `/yjs/<docName>`, or refuses it before it completes
   * (onAuthenticate, onConnect): a refused client gets an HTTP status and no byte of the document.
   */
  async handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, docName: string): Promise<void> {
    if (this.closing) return refuseUpgrade(socket, 503, "Service Unavailable");
    let auth;
    try {
      auth = await this.authenticate({ request, docName });
    } catch (error) {
      logger.error("could not check access to a document", error);
      return refuseUpgrade(socket, 503, "Service Unavailable");
    }
    if (socket.destroyed) return;
    if (!auth.ok) return refuseUpgrade(socket, auth.status, STATUS_TEXT[auth.status]);
    if (this.closing) return refuseUpgrade(socket, 503, "Service Unavailable");
    const connection = new ClientConnection(docName, auth.identity, auth.sessionKey);
    for (const extension of this.hooks.onConnect) {
      const refusal = extension.onConnect(connection);
      if (refusal) {
        this.ended(connection);
        return refuseUpgrade(socket, refusal.status, STATUS_TEXT[refusal.status]);
      }
    }
    // A socket that ends before the handshake completes never reaches the callback below.
    const abandoned = () => this.ended(connection);
    socket.once("close", abandoned);
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      socket.off("close", abandoned);
      this.open(connection, ws).catch((error: unknown) => {
        logger.error(`opening a connection to ${docName} failed`, error);
        connection.close(CloseCode.storageFailed, "the document could not be opened");
      });
    });
  }

  /** The login sessions (key → account) that have /yjs connections open here. */
  openSessions(): Map<string, string> {
    const sessions = new Map<string, string>();
    for (const connection of this.connections) sessions.set(connection.sessionKey, connection.identity.userId);
    return sessions;
  }

  /** Closes the connections of ended sessions (log out, log out elsewhere, password change). */
  closeSessions(which: SessionFilter): void {
    for (const connection of this.connections) {
      if (sessionMatches(which, connection.identity.userId, connection.sessionKey)) connection.close(CloseCode.sessionEnded, "session ended");
    }
  }

  /**
   * Changes a document on the server's own behalf (templates, agreement reviews, restores):
   * stored and broadcast like any client's update; resolves once it is stored. A document
   * nobody has open is loaded for the edit and unloaded afterwards. Rejects when storing
   * fails, or with what a beforeServerEdit hook threw (a read-only document).
   */
  async editDocument(docName: string, edit: (doc: Y.Doc) => void): Promise<void> {
    if (this.closing) throw new Error("the server is shutting down");
    const shared = await this.acquire(docName);
    try {
      for (const extension of this.hooks.beforeServerEdit) extension.beforeServerEdit(shared);
      shared.editAsServer(edit);
      await shared.stored();
    } finally {
      this.release(shared);
    }
  }

  /** Reads a document as it is stored now (the live copy once everything applied is stored; else from the store). */
  async readDocument<T>(docName: string, read: (doc: Y.Doc) => T): Promise<T> {
    const shared = await this.acquire(docName);
    try {
      return await new Promise<T>((resolve, reject) =>
        shared.withStoredState(() => {
          try {
            resolve(read(shared.doc));
          } catch (error) {
            reject(error);
          }
        }),
      );
    } finally {
      this.release(shared);
    }
  }

  whenStored(docName: string): Promise<void> {
    const shared = this.docs.get(docName);
    return shared && !shared.failed && shared.phase !== "destroyed" ? shared.stored() : Promise.resolve();
  }

  openDocumentNames(): string[] {
    return [...this.docs.keys()];
  }

  applyStored(docName: string, update: Uint8Array, logId: number | null): "applied" | "missing" | "notOpen" {
    const shared = this.heldHere(docName);
    if (!shared) return "notOpen";
    // The instance that stored it checked it when its client sent it (checkUpdate): applied at once, decoded once.
    this.applyingElsewhere = { logId };
    try {
      Y.applyUpdate(shared.doc, update, ELSEWHERE_ORIGIN);
    } finally {
      this.applyingElsewhere = null;
    }
    // Part of it builds on something this instance never received (a lost message): Yjs holds that part
    // back until it arrives, and the caller reads the document from the store, which has it.
    if (shared.doc.store.pendingStructs !== null || shared.doc.store.pendingDs !== null) return "missing";
    shared.storedElsewhere(logId, update.length);
    return "applied";
  }

  applyAwarenessElsewhere(docName: string, update: Uint8Array | null, removed: readonly number[]): void {
    const shared = this.heldHere(docName);
    if (!shared) return;
    if (update) awarenessProtocol.applyAwarenessUpdate(shared.awareness, update, ELSEWHERE_ORIGIN);
    // Without moving clocks, as for a connection that closed here: the owner's next state is accepted.
    if (removed.length) shared.dropAwarenessStates(removed, ELSEWHERE_ORIGIN);
  }

  async refreshFromStore(docName: string): Promise<void> {
    if (!this.heldHere(docName)) return;
    const stored = await this.store.load(docName);
    const shared = this.heldHere(docName);
    if (!shared) return;
    this.applyingElsewhere = { logId: null };
    try {
      // One transaction: what this instance lacked goes out as one update.
      shared.doc.transact(() => {
        if (stored.state) Y.applyUpdate(shared.doc, stored.state, ELSEWHERE_ORIGIN);
        for (const update of stored.updates) Y.applyUpdate(shared.doc, update, ELSEWHERE_ORIGIN);
      }, ELSEWHERE_ORIGIN);
    } finally {
      this.applyingElsewhere = null;
    }
    shared.adoptStored(stored);
  }

  compactedElsewhere(docName: string, done: CompactionDone): void {
    this.heldHere(docName)?.forgetCompacted(done.coveredIds, done.stateBytes);
  }

  /** The document if it is in memory here and may still take changes (not failed, not on its way out). */
  private heldHere(docName: string): SharedDoc | null {
    const shared = this.docs.get(docName);
    return shared && !shared.failed && (shared.phase === "open" || shared.phase === "unloading") ? shared : null;
  }

  /** Closes every connection (clients reconnect to the next server), stores and compacts every document. */
  async close(): Promise<void> {
    this.closing = true;
    this.liveness.stop();
    for (const connection of this.connections) connection.close(CloseCode.shuttingDown, "server is restarting");
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    // Sockets that did not finish the close handshake in time are cut.
    for (const ws of this.wss.clients) ws.terminate();
    await this.queue.drain();
    for (const shared of [...this.docs.values()]) if (shared.phase === "open") this.unload(shared, { lastLeft: false });
    await Promise.all([...this.unloading.values()]);
    await this.queue.drain();
    for (const extension of this.hooks.onDestroy) {
      try {
        await extension.onDestroy();
      } catch (error) {
        logger.error(`stopping the ${extension.name} extension failed`, error);
      }
    }
    await this.store.close();
  }

  private async authenticate(upgrade: { request: IncomingMessage; docName: string }) {
    for (const extension of this.hooks.onAuthenticate) {
      const answer = await extension.onAuthenticate(upgrade);
      if (answer) return answer;
    }
    return { ok: false as const, status: 401 as const };
  }

  private async open(connection: ClientConnection, ws: WebSocket): Promise<void> {
    connection.ws = ws;
    this.connections.add(connection);
    this.liveness.add(connection);
    ws.on("pong", () => this.seen(connection));
    ws.on("error", (error) => logger.warn(`connection to ${connection.docName} failed`, error.message));
    ws.on("close", () => this.closed(connection));
    ws.on("message", (data: Buffer, isBinary: boolean) => this.received(connection, data, isBinary));
    let shared: SharedDoc;
    try {
      shared = await this.acquire(connection.docName);
    } catch (error) {
      logger.error(`loading ${connection.docName} failed`, error);
      connection.close(CloseCode.storageFailed, "the document could not be loaded");
      return;
    }
    if (connection.ended || ws.readyState !== ws.OPEN) return this.release(shared);
    shared.connections.add(connection);
    shared.everyoneLeftWhileHeld = false;
    connection.shared = shared;
    this.release(shared); // the connection holds it from now on
    for (const extension of this.hooks.connected) extension.connected(connection);
    // Start the sync: the server's state vector, then who is already here.
    connection.send(syncStep1(shared.doc));
    if (shared.awareness.getStates().size > 0) connection.send(awarenessOfEveryone(shared.awareness));
    const early = connection.early ?? [];
    connection.early = null;
    for (const message of early) {
      if (connection.refused) break;
      shared.dispatch(() => this.handle(connection, shared, message));
    }
  }

  private seen(connection: ClientConnection): void {
    connection.lastSeen = Date.now();
    connection.awaitingPong = false;
  }

  private received(connection: ClientConnection, data: Buffer, isBinary: boolean): void {
    // After a refusal, what the connection still sends while closing (the rest of a flood) is not applied.
    if (connection.refused) return;
    this.seen(connection);
    const message = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    try {
      for (const extension of this.hooks.beforeHandleMessage) extension.beforeHandleMessage(connection, message);
    } catch (error) {
      return this.refuseFor(connection, error);
    }
    if (!isBinary) return connection.refuse(CloseCode.malformedMessage, "text frames are not y-websocket messages");
    const shared = connection.shared;
    if (!shared) {
      // The document is still loading (milliseconds): what arrives meanwhile waits, within reason.
      const early = connection.early;
      if (early && early.length >= MAX_EARLY_MESSAGES) return connection.refuse(CloseCode.tooManyMessages, "too many messages before the document was loaded");
      early?.push(message);
      return;
    }
    shared.dispatch(() => this.handle(connection, shared, message));
  }

  /** Reads one y-websocket message from a connection and applies it. */
  private handle(connection: ClientConnection, shared: SharedDoc, message: Uint8Array): void {
    if (connection.refused || shared.failed) return;
    try {
      const decoder = decoding.createDecoder(message);
      const type = readOrReject(() => decoding.readVarUint(decoder));
      switch (type) {
        case MessageType.sync:
          return this.handleSync(connection, shared, decoder);
        case MessageType.awareness:
          return this.handleAwareness(connection, shared, readOrReject(() => decoding.readVarUint8Array(decoder)));
        case MessageType.queryAwareness:
          return connection.send(awarenessOfEveryone(shared.awareness));
        case MessageType.auth:
          return; // the session cookie authenticates; in-band auth messages are ignored
        default:
          throw new RejectedMessage(`unknown message type ${type}`);
      }
    } catch (error) {
      this.refuseFor(connection, error);
    }
  }

  private handleSync(connection: ClientConnection, shared: SharedDoc, decoder: decoding.Decoder): void {
    const subtype = readOrReject(() => decoding.readVarUint(decoder));
    const payload = readOrReject(() => decoding.readVarUint8Array(decoder));
    switch (subtype) {
      case syncProtocol.messageYjsSyncStep1:
        checkStateVector(payload);
        // Document state leaves the server only once all of it is stored.
        return shared.withStoredState(() => connection.send(syncStep2(shared.doc, payload)));
      case syncProtocol.messageYjsSyncStep2:
        return this.receiveUpdate(connection, shared, payload, "syncStep2");
      case syncProtocol.messageYjsUpdate:
        return this.receiveUpdate(connection, shared, payload, "update");
      default:
        throw new RejectedMessage(`unknown sync message type ${subtype}`);
    }
  }

  private receiveUpdate(connection: ClientConnection, shared: SharedDoc, bytes: Uint8Array, kind: "update" | "syncStep2"): void {
    let checked: CheckedUpdate;
    try {
      checked = checkUpdate(shared.doc, bytes);
    } catch (error) {
      // A client that reconnects sends new keystrokes as soon as its socket opens, before its
      // offline edits (its sync step 2) have arrived. Such an update is not applied; the
      // server answers with its state vector, and the client's reply carries everything the
      // server lacks, this update included. Closing instead would end the connection for good
      // (y-websocket does not reconnect after a 44xx close).
      if (error instanceof MissingDependencies && kind === "update") return connection.send(syncStep1(shared.doc));
      throw error;
    }
    const update = new ApplyingUpdate(connection, kind, bytes, checked);
    for (const extension of this.hooks.beforeApplyUpdate) extension.beforeApplyUpdate(connection, update);
    this.applying = update;
    try {
      Y.applyUpdate(shared.doc, bytes, connection);
    } finally {
      this.applying = null;
    }
    if (!update.fired) {
      // It brought nothing new: confirm it once what it builds on is stored (it may be in flight).
      if (update.claims) this.queueWrite(shared, { docName: shared.name, update: null, newClientOwners: update.claims }, 0, null, null);
      const change = this.changeOf(shared, update, false);
      void shared.stored().then(
        () => this.afterStore(change),
        () => {}, // a failed write closes the connection instead
      );
    }
    for (const extension of this.hooks.afterApplyUpdate) extension.afterApplyUpdate(connection, update);
  }

  private handleAwareness(connection: ClientConnection, shared: SharedDoc, update: Uint8Array): void {
    let entries: AwarenessEntry[] = readAwarenessEntries(update);
    const count = entries.length;
    for (const extension of this.hooks.beforeApplyAwareness) entries = extension.beforeApplyAwareness(connection, entries);
    if (entries.length === 0) return;
    const changed = entries.length !== count || entries.some((e) => e.rewritten);
    for (const entry of entries) if (entry.state !== null) connection.awarenessClientIds.add(entry.clientID);
    const bytes = changed ? encodeAwarenessEntries(entries) : update;
    readOrReject(() => awarenessProtocol.applyAwarenessUpdate(shared.awareness, bytes, connection));
  }

  /** The Y.Doc of `shared` changed: queue the change; it is broadcast and confirmed once stored. */
  private onDocUpdate(shared: SharedDoc, update: Uint8Array, origin: unknown): void {
    if (origin === ELSEWHERE_ORIGIN) return this.storedElsewhere(shared, update);
    const applying = this.applying && origin === this.applying.connection ? this.applying : null;
    let change: PendingChange;
    let owners: DocWrite["newClientOwners"];
    if (applying) {
      applying.fired = true;
      change = this.changeOf(shared, applying, true);
      owners = applying.claims ?? undefined;
    } else {
      if (origin !== SERVER_ORIGIN) logger.warn(`${shared.name} changed outside a message or a server edit`);
      change = serverEditChange(shared);
    }
    change.update = update;
    change.newClientOwners = owners ?? NO_OWNERS;
    this.queueWrite(shared, { docName: shared.name, update, newClientOwners: owners }, update.length, updateMessage(update), change);
  }

  /**
   * Another instance stored this update (applyStored, refreshFromStore): it is in the store
   * already, so it goes to this instance's connections at once, and the afterStore hooks see it
   * (the agreements table and the history follow every instance's changes).
   */
  private storedElsewhere(shared: SharedDoc, update: Uint8Array): void {
    const message = updateMessage(update);
    for (const connection of shared.connections) connection.send(message);
    this.afterStore({
      document: shared,
      connection: null,
      kind: "storedElsewhere",
      changed: true,
      clocks: [],
      stateVector: null,
      deleteSet: EMPTY_DELETE_SET,
      update,
      logId: this.applyingElsewhere?.logId ?? null,
      newClientOwners: NO_OWNERS,
    });
  }

  private changeOf(shared: SharedDoc, update: ApplyingUpdate, changed: boolean): PendingChange {
    const clocks: Array<[number, number]> = [];
    for (const client of update.clients) clocks.push([client, Y.getState(shared.doc.store, client)]);
    return {
      document: shared,
      connection: update.connection,
      kind: update.kind,
      changed,
      clocks,
      stateVector: update.kind === "syncStep2" ? Y.encodeStateVector(shared.doc) : null,
      deleteSet: update.deleteSet,
      update: null,
      logId: null,
      newClientOwners: changed ? NO_OWNERS : (update.claims ?? NO_OWNERS),
    };
  }

  private queueWrite(shared: SharedDoc, write: DocWrite, bytes: number, broadcast: Uint8Array | null, change: PendingChange | null): void {
    const seq = write.update ? shared.applied(bytes) : shared.appliedSeq;
    this.queue.add({ write, shared, seq, bytes, broadcast, change });
  }

  /** A batch is stored: now it is broadcast and confirmed, in order. */
  private committed(items: QueuedChange[], ids: Array<number | null>): void {
    try {
      for (let i = 0; i < items.length; i++) {
        const item = items[i]!;
        const shared = item.shared;
        if (shared.failed || shared.phase === "destroyed") continue;
        const id = ids[i] ?? null;
        shared.committed(item.seq, id, item.bytes);
        if (item.broadcast) for (const connection of shared.connections) this.sendCorked(connection, item.broadcast);
        if (item.change) {
          if (item.write.update) item.change.logId = id;
          this.afterStore(item.change);
        }
        if (shared.loggedSinceCompaction >= COMPACT_AFTER_UPDATES) this.scheduleCompaction(shared);
      }
    } finally {
      for (const socket of this.corked) socket.uncork();
      this.corked.clear();
    }
  }

  /** Sends within a batch: the socket is corked until the batch is done, so a connection gets its update and confirmation in one write. */
  private sendCorked(connection: ClientConnection, message: Uint8Array): void {
    const socket = (connection.ws as unknown as { _socket?: Duplex } | null)?._socket;
    if (socket && !this.corked.has(socket)) {
      socket.cork();
      this.corked.add(socket);
    }
    connection.send(message);
  }

  private afterStore(change: StoredChange): void {
    for (const extension of this.hooks.afterStore) {
      try {
        extension.afterStore(change);
      } catch (error) {
        // The change is stored and sent; an extension's failure must not be taken for the sender's.
        logger.error(`the ${extension.name} extension failed after a change to ${change.document.name}`, error);
      }
    }
  }

  /**
   * A batch could not be stored, so memory holds what the store does not: every document in
   * it closes its connections (4500) and is dropped. Clients keep their edits and send them
   * again after reconnecting.
   */
  private writeFailed(items: QueuedChange[], error: Error): void {
    const failed = new Set(items.map((item) => item.shared));
    logger.error(`storing ${items.length} change(s) of ${[...failed].map((s) => s.name).join(", ")} failed`, error);
    this.queue.discard((item) => failed.has(item.shared));
    for (const shared of failed) {
      if (shared.failed || shared.phase === "destroyed") continue;
      shared.fail(error);
      for (const connection of shared.connections) connection.close(CloseCode.storageFailed, "saving failed; reconnecting");
      this.unload(shared, { lastLeft: false });
    }
  }

  private refuseFor(connection: ClientConnection, error: unknown): void {
    if (error instanceof Refusal) {
      logger.info(`closing a connection to ${connection.docName} (${connection.identity.role}): ${error.message}`);
      return connection.refuse(error.code, error.message);
    }
    if (error instanceof RejectedMessage) {
      logger.warn(`closing a connection to ${connection.docName}: ${error.message}`);
      return connection.refuse(CloseCode.malformedMessage, error.message);
    }
    logger.error(`unexpected error on ${connection.docName}`, error);
    connection.refuse(CloseCode.malformedMessage, "message could not be applied");
  }

  private closed(connection: ClientConnection): void {
    this.connections.delete(connection);
    this.liveness.delete(connection);
    const shared = connection.shared;
    if (shared) {
      shared.connections.delete(connection);
      if (connection.awarenessClientIds.size) shared.dropAwarenessStates(connection.awarenessClientIds);
    }
    this.ended(connection);
    if (!shared || shared.connections.size > 0) return;
    if (shared.holds > 0) shared.everyoneLeftWhileHeld = true; // e.g. the Versies page reading it as both leave
    else if (shared.phase === "open") this.unload(shared, { lastLeft: !shared.failed });
  }

  /** Every connection ends exactly once: after a close, a refused or failed upgrade. */
  private ended(connection: ClientConnection): void {
    if (connection.ended) return;
    connection.ended = true;
    for (const extension of this.hooks.onDisconnect) {
      try {
        extension.onDisconnect(connection);
      } catch (error) {
        logger.error(`the ${extension.name} extension failed on a disconnect`, error);
      }
    }
  }

  /** The open document, loading it (or waiting for its unload to finish) when needed; held until release(). */
  private async acquire(name: string): Promise<SharedDoc> {
    for (;;) {
      const open = this.docs.get(name);
      // One that is being unloaded but not yet past its unload hooks is simply kept (a reload of the page).
      if (open && !open.failed && (open.phase === "open" || open.phase === "unloading")) {
        open.phase = "open";
        open.holds++;
        return open;
      }
      const unloading = this.unloading.get(name);
      if (unloading) {
        await unloading;
        continue;
      }
      let loading = this.loading.get(name);
      if (!loading) {
        loading = this.load(name);
        this.loading.set(name, loading);
        void loading.then(
          () => this.loading.delete(name),
          () => this.loading.delete(name),
        );
      }
      await loading;
    }
  }

  private release(shared: SharedDoc): void {
    shared.holds--;
    if (shared.holds === 0 && shared.connections.size === 0 && shared.phase === "open") this.unload(shared, { lastLeft: shared.everyoneLeftWhileHeld && !shared.failed });
  }

  private async load(name: string): Promise<SharedDoc> {
    let stored;
    try {
      for (const extension of this.hooks.beforeLoadDocument) await extension.beforeLoadDocument(name);
      stored = await this.store.load(name);
    } catch (error) {
      this.documentClosed(name);
      throw error;
    }
    const shared = new SharedDoc(name, {
      update: (doc, update, origin) => this.onDocUpdate(doc, update, origin),
      awareness: (doc, change, origin) => this.awarenessChanged(doc, change, origin),
      owners: (doc, owners) => this.queueWrite(doc, { docName: doc.name, update: null, newClientOwners: owners }, 0, null, null),
    });
    try {
      shared.fill(stored);
      for (const extension of this.hooks.onLoadDocument) await extension.onLoadDocument(shared, stored);
    } catch (error) {
      shared.destroy();
      this.documentClosed(name);
      throw error;
    }
    this.docs.set(name, shared);
    for (const extension of this.hooks.afterLoadDocument) {
      try {
        extension.afterLoadDocument(shared);
      } catch (error) {
        logger.error(`the ${extension.name} extension failed after ${name} was loaded`, error);
      }
    }
    if (shared.loggedSinceCompaction >= COMPACT_AFTER_UPDATES) this.scheduleCompaction(shared);
    return shared;
  }

  /** Awareness changed: relayed to this instance's connections (coalesced), then the hooks. */
  private awarenessChanged(shared: SharedDoc, change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void {
    this.relay.changed(shared, change.added.concat(change.updated, change.removed));
    if (this.hooks.afterAwarenessChange.length === 0) return;
    const local = origin !== ELSEWHERE_ORIGIN && origin !== "timeout";
    for (const extension of this.hooks.afterAwarenessChange) {
      try {
        extension.afterAwarenessChange({ document: shared, ...change, local });
      } catch (error) {
        logger.error(`the ${extension.name} extension failed after an awareness change in ${shared.name}`, error);
      }
    }
  }

  /** A document left memory (or never made it in): the hooks let go of it. */
  private documentClosed(name: string): void {
    for (const extension of this.hooks.onDocumentClosed) {
      try {
        extension.onDocumentClosed(name);
      } catch (error) {
        logger.error(`the ${extension.name} extension failed when ${name} closed`, error);
      }
    }
  }

  private scheduleCompaction(shared: SharedDoc): void {
    if (shared.compactionScheduled) return;
    shared.compactionScheduled = true;
    // Off the hot path: the update that crossed the threshold is broadcast first.
    setImmediate(() => {
      shared.compactionScheduled = false;
      void this.compact(shared);
    });
  }

  /** Stores the whole state and deletes exactly the log rows it covers (only stored ones). */
  private async compact(shared: SharedDoc): Promise<void> {
    if (shared.failed || shared.phase === "destroyed" || shared.updateIds.length === 0) return;
    if (shared.compactionRefusedUntil > Date.now()) return;
    // One instance at a time (a lock when there are several): a refusal means another one compacts now.
    const releases: Array<() => void> = [];
    try {
      for (const extension of this.hooks.beforeCompact) {
        const permit = await extension.beforeCompact(shared);
        if (permit === false) {
          shared.compactionRefusedUntil = Date.now() + COMPACTION_RETRY_MS;
          return;
        }
        releases.push(permit);
      }
    } catch (error) {
      for (const release of releases) release();
      logger.error(`could not take the compaction lock of ${shared.name}`, error);
      shared.compactionRefusedUntil = Date.now() + COMPACTION_RETRY_MS;
      return;
    }
    try {
      // The lock may have taken a round trip: look again.
      if (shared.failed || (shared.phase as SharedDoc["phase"]) === "destroyed" || shared.updateIds.length === 0) return;
      const coveredIds = shared.updateIds.slice();
      const state = Y.encodeStateAsUpdate(shared.doc);
      const { stateVersion } = await this.queue.exclusive(() =>
        this.store.compact(shared.name, { state, coveredIds, basedOnVersion: shared.stateVersion }),
      );
      shared.compacted(coveredIds, state.length, stateVersion);
      const done: CompactionDone = { coveredIds, stateBytes: state.length, stateVersion };
      for (const extension of this.hooks.afterCompact) {
        try {
          extension.afterCompact(shared, done);
        } catch (error) {
          logger.error(`the ${extension.name} extension failed after compacting ${shared.name}`, error);
        }
      }
    } catch (error) {
      // The log is still complete; compaction is tried again after the next update.
      logger.error(`compacting ${shared.name} failed`, error);
    } finally {
      for (const release of releases) release();
    }
  }

  /**
   * Takes a document out of memory: the last-left hooks (while it is intact), everything
   * stored, one compaction (the next load reads one state instead of a log), the
   * before-unload hooks, then it is freed. A new connection meanwhile waits and loads it anew.
   */
  private unload(shared: SharedDoc, { lastLeft }: { lastLeft: boolean }): void {
    if (shared.phase !== "open") return;
    shared.everyoneLeftWhileHeld = false;
    shared.phase = shared.failed ? "closing" : "unloading";
    const done = (async () => {
      await shared.stored().catch(() => {});
      if (lastLeft && !shared.failed) {
        for (const extension of this.hooks.onLastLeft) {
          try {
            await extension.onLastLeft(shared);
          } catch (error) {
            logger.error(`the ${extension.name} extension failed when the last person left ${shared.name}`, error);
          }
        }
      }
      await shared.stored().catch(() => {}); // a last-left hook may have edited it
      if (!shared.failed) await this.compact(shared);
      if (shared.phase === "open") return; // someone opened it again meanwhile: it stays
      shared.phase = "closing";
      for (const extension of this.hooks.beforeUnloadDocument) {
        try {
          await extension.beforeUnloadDocument(shared, !shared.failed);
        } catch (error) {
          logger.error(`the ${extension.name} extension failed while ${shared.name} was unloaded`, error);
        }
      }
      if (this.docs.get(shared.name) === shared) this.docs.delete(shared.name);
      shared.destroy();
      this.documentClosed(shared.name);
    })();
    this.unloading.set(shared.name, done);
    void done.finally(() => {
      if (this.unloading.get(shared.name) === done) this.unloading.delete(shared.name);
    });
  }
}

/** After another instance held a document's compaction lock, how long before this one tries again. */
const COMPACTION_RETRY_MS = 5000;

/** The change record of the server's own edit (filled in when queued and stored). */
function serverEditChange(shared: SharedDoc): PendingChange {
  return { document: shared, connection: null, kind: "serverEdit", changed: true, clocks: [], stateVector: null, deleteSet: EMPTY_DELETE_SET, update: null, logId: null, newClientOwners: NO_OWNERS };
}

const STATUS_TEXT: Record<number, string> = {
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  429: "Too Many Requests",
  503: "Service Unavailable",
};

/** Answers a websocket upgrade with a plain HTTP status and drops the socket. */
export function refuseUpgrade(socket: Duplex, status: number, text = STATUS_TEXT[status] ?? "Error"): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
