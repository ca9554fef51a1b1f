import type SQLite from "better-sqlite3";
import type { WebSocket } from "ws";
import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as encoding from "lib0/encoding";
import { MessageType } from "../../app/collab/protocol";
import { appendDocUpdate, readStoredDoc, storeCompactedState } from "../../db/doc-log";
import { logger } from "../logger";

/** How many logged updates a document may gather before the server compacts its log. */
export const COMPACT_AFTER_UPDATES = 500;
/** Awareness client ids one connection may hold; a y-websocket client uses one. */
const MAX_AWARENESS_IDS_PER_CONNECTION = 4;

/**
 * One document held in memory while anyone has it open: the Y.Doc, its awareness
 * (who is here, where their caret is) and the open connections. Every update it
 * accepts is appended to the SQLite log before it is broadcast.
 */
export class SharedDoc {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  /** Each open connection with the awareness client ids it controls. */
  readonly conns = new Map<WebSocket, Set<number>>();
  /** Who controls each awareness client id: the connection and the account behind it. */
  private readonly awarenessOwners = new Map<number, { ws: WebSocket; userId: string }>();
  /** Set when a write failed: the in-memory doc may hold what the database does not. */
  storageError: Error | null = null;

  private lastUpdateId = 0;
  private loggedSinceCompaction = 0;
  private compactionScheduled = false;

  constructor(
    readonly name: string,
    private readonly sqlite: SQLite.Database,
    /** Told after an update is stored and broadcast (the agreements indexer, the snapshotter listen). */
    private readonly onStored?: (shared: SharedDoc) => void,
  ) {
    this.awareness.setLocalState(null); // the server itself is not a participant
    this.load();
    this.doc.on("update", this.onUpdate);
    this.awareness.on("update", this.onAwarenessUpdate);
  }

  /** Fills the doc from the database, synchronously, before any client is answered. */
  private load(): void {
    const stored = readStoredDoc(this.sqlite, this.name);
    // One transaction for the whole log: Yjs cleans up once instead of once per update.
    this.doc.transact(() => {
      if (stored.state) Y.applyUpdate(this.doc, stored.state);
      for (const update of stored.updates) Y.applyUpdate(this.doc, update);
    });
    this.lastUpdateId = stored.lastUpdateId;
    this.loggedSinceCompaction = stored.updates.length;
    if (this.loggedSinceCompaction >= COMPACT_AFTER_UPDATES) this.compact();
  }

  private onUpdate = (update: Uint8Array): void => {
    try {
      this.lastUpdateId = appendDocUpdate(this.sqlite, this.name, update);
    } catch (error) {
      // Not broadcast: the sender keeps the update and sends it again once the doc reloads.
      this.storageError = error instanceof Error ? error : new Error(String(error));
      logger.error(`storing an update of ${this.name} failed`, error);
      return;
    }
    this.loggedSinceCompaction++;
    if (this.loggedSinceCompaction >= COMPACT_AFTER_UPDATES) this.scheduleCompaction();

    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeUpdate(encoder, update);
    this.broadcast(encoding.toUint8Array(encoder));
    try {
      this.onStored?.(this);
    } catch (error) {
      // The update is stored and sent; a listener's failure must not be taken for the sender's.
      logger.error(`a listener of ${this.name} failed after an update`, error);
    }
  };

  private onAwarenessUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }): void => {
    // Which connection controls which id was settled before applying (claimAwarenessId).
    const changed = added.concat(updated, removed);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.awareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    this.broadcast(encoding.toUint8Array(encoder));
  };

  /** Sends a message to every open connection (the sender of an update too: y-websocket clients expect it). */
  broadcast(message: Uint8Array): void {
    for (const ws of this.conns.keys()) send(ws, message);
  }

  private scheduleCompaction(): void {
    if (this.compactionScheduled) return;
    this.compactionScheduled = true;
    // Off the hot path: the update that crossed the threshold is broadcast first.
    setImmediate(() => {
      this.compactionScheduled = false;
      this.compact();
    });
  }

  /** Stores the whole state and trims the log it covers, in one transaction. */
  compact(): void {
    if (this.loggedSinceCompaction === 0 || this.storageError) return;
    try {
      storeCompactedState(this.sqlite, this.name, Y.encodeStateAsUpdate(this.doc), this.lastUpdateId);
      this.loggedSinceCompaction = 0;
    } catch (error) {
      // The log is still complete; compaction is retried after the next update.
      logger.error(`compacting ${this.name} failed`, error);
    }
  }

  /**
   * Whether a connection may set or remove an awareness client id, claiming it if it is
   * free: the ids a connection uses first stay its own while it is connected, so nobody
   * can move or remove someone else's caret. Only a newer state claims an id: y-websocket
   * clients echo every state they receive (same clock), and an echo must not claim one.
   * The same account may take its id over from an older connection (a reconnect before
   * the server noticed the old one had died; y-websocket keeps its id across reconnects).
   */
  claimAwarenessId(ws: WebSocket, userId: string, clientID: number, clock: number, hasState: boolean): boolean {
    const controlled = this.conns.get(ws);
    if (!controlled) return false;
    if (controlled.has(clientID)) return true;
    if (!hasState || clientID === this.awareness.clientID || controlled.size >= MAX_AWARENESS_IDS_PER_CONNECTION) return false;
    const known = this.awareness.meta.get(clientID);
    if (known && clock <= known.clock) return false;
    const owner = this.awarenessOwners.get(clientID);
    if (owner && owner.userId !== userId) return false;
    if (owner) this.conns.get(owner.ws)?.delete(clientID);
    controlled.add(clientID);
    this.awarenessOwners.set(clientID, { ws, userId });
    return true;
  }

  /** Removes a connection and the awareness states it controlled. */
  removeConnection(ws: WebSocket): void {
    const controlled = this.conns.get(ws);
    if (!controlled) return;
    this.conns.delete(ws);
    for (const id of controlled) this.awarenessOwners.delete(id);
    if (controlled.size) awarenessProtocol.removeAwarenessStates(this.awareness, [...controlled], null);
  }

  destroy(): void {
    this.doc.off("update", this.onUpdate);
    this.awareness.off("update", this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/** Sends if the socket is open; a failed send closes that one connection. */
export function send(ws: WebSocket, message: Uint8Array): void {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(message, { binary: true }, (error) => {
    if (error) ws.terminate();
  });
}
