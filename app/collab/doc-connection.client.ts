import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import { WebsocketProvider } from "y-websocket";
import { IndexeddbPersistence } from "y-indexeddb";
import { AuthMessageType, CloseCode, MessageType, YJS_PATH, type DocAccess } from "./protocol";
import { computeSaveStatus, readSavedState, SavedStateTracker, type SaveStatus } from "./saved-state";

/** Shortest and longest wait before a reconnect attempt. */
const RECONNECT_BASE_MS = 250;
const RECONNECT_MAX_MS = 10_000;
/** A wait below this is rounded up: an immediate retry after a close rarely helps. */
const RECONNECT_MIN_MS = 100;

/**
 * Liveness: a connection that has been quiet this long gets a probe (a y-websocket
 * queryAwareness message, which the server answers with everyone's awareness)...
 */
export const LIVENESS_PROBE_MS = 2000;
/**
 * ...and one that stays silent this long counts as lost (offline shown, reconnects begin).
 * y-websocket's own check waits 30 s; a dropped network then looked like "Opslaan…" for half
 * a minute. Together with the browser's offline event, a lost connection shows within ~5 s.
 */
export const LIVENESS_TIMEOUT_MS = 4000;
const LIVENESS_CHECK_MS = 500;

/**
 * How long to wait before reconnect attempt `attempt` (0-based): "full jitter", a random
 * wait up to an exponential bound. When a server restarts, every browser loses its socket
 * at the same moment; without jitter they would all come back in the same millisecond.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const bound = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** attempt);
  return Math.max(RECONNECT_MIN_MS, Math.round(random() * bound));
}

export interface DocConnectionOptions {
  /** Base URL of the Yjs endpoint; defaults to this page's origin + `/yjs`. */
  serverUrl?: string;
  /** Keep an offline copy in IndexedDB (default true). */
  offlineCopy?: boolean;
  /** For Node tests: the `ws` package's WebSocket. */
  WebSocketPolyfill?: typeof WebSocket;
  /** For tests: the random source of the reconnect jitter. */
  random?: () => number;
  /**
   * Asks the server why a connection was refused (a refused upgrade gives the browser no
   * reason). Anything but "ok" stops the reconnects and is shown as `refusal`.
   */
  checkAccess?: () => Promise<DocAccess>;
}

export type { DocAccess };

type Listener = (status: SaveStatus) => void;

/**
 * Closes after which the server takes this document's changes again once a limit has
 * refilled, with the wait before the next attempt: the budgets count per minute, a flood per second.
 */
const RETRY_AFTER_LIMIT_MS: Partial<Record<number, number>> = {
  [CloseCode.tooManyMessages]: 5_000,
  [CloseCode.writeBudgetExceeded]: 60_000,
};

/** What the server refused of this document: its close code, and whether a reconnect will follow on its own. */
export interface ClosedByServer {
  code: number;
  retrying: boolean;
}

/**
 * One shared document as the workspace uses it: the Y.Doc, an offline copy in IndexedDB
 * (text typed offline survives a reload and merges when the connection returns), a
 * y-websocket connection that reconnects with jitter, and the save status derived from
 * the server's "saved" confirmations.
 */
export class DocConnection {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly offlineCopy: IndexeddbPersistence | null;

  private readonly tracker = new SavedStateTracker();
  private readonly listeners = new Set<Listener>();
  private readonly random: () => number;
  private status: SaveStatus = "saved";
  /** True from a lost or refused connection until the next one opens. */
  private offline = false;
  private attempt = 0;
  private openedThisAttempt = false;
  private refusalReason: DocAccess | null = null;
  private closed: ClosedByServer | null = null;
  private readonly closedListeners = new Set<(closed: ClosedByServer | null) => void>();
  private readonly refusalListeners = new Set<(reason: DocAccess) => void>();
  private readonly checkAccess: (() => Promise<DocAccess>) | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly livenessTimer: ReturnType<typeof setInterval>;
  private lastProbeAt = 0;
  private destroyed = false;

  constructor(
    readonly docName: string,
    options: DocConnectionOptions = {},
  ) {
    this.random = options.random ?? Math.random;
    this.checkAccess = options.checkAccess;
    this.offlineCopy = options.offlineCopy === false ? null : new IndexeddbPersistence(docName, this.doc);
    this.provider = new WebsocketProvider(options.serverUrl ?? defaultServerUrl(), docName, this.doc, {
      connect: false,
      // Another tab's changes would arrive with the provider as origin, like the server's,
      // and be taken for stored. Tabs meet through the server instead.
      disableBc: true,
      ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}),
    });

    const standardAuthHandler = this.provider.messageHandlers[MessageType.auth]!;
    this.provider.messageHandlers[MessageType.auth] = (encoder, decoder, provider, emitSynced, type) => {
      const peek = decoding.clone(decoder);
      if (decoding.readVarUint(peek) !== AuthMessageType.saved) {
        return standardAuthHandler(encoder, decoder, provider, emitSynced, type);
      }
      this.tracker.recordConfirmation(readSavedState(peek));
      this.updateStatus();
    };
    this.doc.on("update", this.onDocUpdate);
    this.provider.on("status", this.onProviderStatus);
    this.provider.on("sync", this.onSync);
    this.provider.on("connection-close", this.onConnectionClose);
    if (typeof window !== "undefined") {
      window.addEventListener("online", this.reconnectNow);
      window.addEventListener("offline", this.onBrowserOffline);
    }
    this.livenessTimer = setInterval(this.checkLiveness, LIVENESS_CHECK_MS);
    this.provider.connect();
  }

  /** "saved", "saving" or "offline" now. */
  get saveStatus(): SaveStatus {
    return this.status;
  }

  /** Calls `listener` on every change of the save status; returns the unsubscribe. */
  onSaveStatus(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Why the server refused this document (logged out, no access), or null while it is not refusing. */
  get refusal(): DocAccess | null {
    return this.refusalReason;
  }

  /** Calls `listener` when the server is found to refuse this document; returns the unsubscribe. */
  onRefusal(listener: (reason: DocAccess) => void): () => void {
    this.refusalListeners.add(listener);
    return () => this.refusalListeners.delete(listener);
  }

  /**
   * The server's last refusing close (a change it will not take: a role rule, the size
   * limit, a confirmed meeting; or a limit that refills), or null while connected normally.
   */
  get closedByServer(): ClosedByServer | null {
    return this.closed;
  }

  /** Calls `listener` when the server refused this document's changes, and with null once it takes them again. */
  onClosedByServer(listener: (closed: ClosedByServer | null) => void): () => void {
    this.closedListeners.add(listener);
    return () => this.closedListeners.delete(listener);
  }

  /**
   * Forgets this device's copy of the document (IndexedDB), for a fresh start from the
   * server's copy after a refused change: the refused change lives in that copy and would be
   * sent, and refused, again on every load. Whatever else was not yet stored goes with it.
   */
  async discardOfflineCopy(): Promise<void> {
    if (!this.offlineCopy) return;
    await this.offlineCopy.destroy(); // stops writing and closes its database, so the delete is not blocked
    await new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(this.offlineCopy!.name);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
  }

  private setClosed(closed: ClosedByServer | null): void {
    if (this.closed === closed || (this.closed === null && closed === null)) return;
    this.closed = closed;
    for (const listener of this.closedListeners) listener(closed);
  }

  /** Closes the connection and the offline copy (which keeps what it stored). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    clearInterval(this.livenessTimer);
    if (typeof window !== "undefined") {
      window.removeEventListener("online", this.reconnectNow);
      window.removeEventListener("offline", this.onBrowserOffline);
    }
    this.listeners.clear();
    this.doc.off("update", this.onDocUpdate);
    this.provider.destroy();
    void this.offlineCopy?.destroy();
    this.doc.destroy();
  }

  private onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    // What came from the server is stored there already (it writes before it broadcasts).
    if (origin === this.provider) return;
    this.tracker.recordLocalUpdate(update);
    this.updateStatus();
  };

  private onProviderStatus = ({ status }: { status: "connected" | "connecting" | "disconnected" }): void => {
    if (status === "connected") this.openedThisAttempt = true;
    this.updateStatus();
  };

  /**
   * Online again only once the server answered (its sync reply), not when the socket merely
   * opened: a socket that opens and then stays silent (a hung server, a half-dead network)
   * keeps showing offline instead of "Opslaan…".
   */
  private onSync = (synced: boolean): void => {
    if (!synced) return;
    this.attempt = 0;
    this.offline = false;
    this.setClosed(null);
    this.updateStatus();
  };

  /**
   * y-websocket 3 reconnects on its own after 2^n·100 ms, with no jitter, and offers no
   * option to change that. Right after this event it checks `shouldConnect` before it
   * reconnects, so clearing it here turns its retry into a no-op and our jittered timer
   * calls `connect()` instead. (Wrapping the WebSocket class to delay would hide the
   * wait from the provider's own state.)
   */
  private onConnectionClose = (event: CloseEvent | null): void => {
    if (this.destroyed || !this.provider.shouldConnect) return; // closed by us
    this.provider.shouldConnect = false;
    this.offline = true;
    this.updateStatus();
    const opened = this.openedThisAttempt;
    this.openedThisAttempt = false;
    // A 44xx close is the server's final word (as y-websocket's own rule says): no retry.
    // (4401, the session ended, is asked about below: the page may have logged in again.)
    if (event && !this.provider.shouldReconnect(event, this.provider) && event.code !== CloseCode.sessionEnded) {
      const retryAfter = RETRY_AFTER_LIMIT_MS[event.code];
      this.setClosed({ code: event.code, retrying: retryAfter !== undefined });
      // A limit refills: the change that went over it is sent again then (it is still unsaved here).
      if (retryAfter !== undefined) this.scheduleReconnect(retryAfter);
      return;
    }
    const delay = reconnectDelay(this.attempt++, this.random);
    // Refused before opening (or the session ended): ask why; an ended session or lost access stops the retries.
    if (this.checkAccess && (!opened || event?.code === CloseCode.sessionEnded)) {
      this.checkAccess().then(
        (access) => {
          if (this.destroyed) return;
          if (access === "ok") return this.scheduleReconnect(delay);
          this.refusalReason = access;
          for (const listener of this.refusalListeners) listener(access);
        },
        () => this.scheduleReconnect(delay), // the server is unreachable: just retry
      );
      return;
    }
    this.scheduleReconnect(delay);
  };

  private scheduleReconnect(delayMs: number): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    // Without a network, attempts only fail (and each logs an error): wait for the "online"
    // event, with a slow retry in case the browser's idea of being offline is wrong.
    const wait = browserSaysOffline() ? Math.max(delayMs, RECONNECT_MAX_MS) : delayMs;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.destroyed) this.provider.connect();
    }, wait);
  }

  /** The browser says the network is back: no need to sit out the rest of the wait. */
  private reconnectNow = (): void => {
    if (this.reconnectTimer) this.scheduleReconnect(0);
  };

  /** The browser says the network is gone: the socket cannot carry anything, so drop it now. */
  private onBrowserOffline = (): void => {
    this.dropConnection();
  };

  /** Probes a quiet connection and drops one that stopped answering (see LIVENESS_TIMEOUT_MS). */
  private checkLiveness = (): void => {
    const { provider } = this;
    const ws = provider.ws;
    if (this.destroyed || !provider.wsconnected || !ws || ws.readyState !== 1) return;
    const now = Date.now();
    const quietFor = now - provider.wsLastMessageReceived;
    if (quietFor >= LIVENESS_TIMEOUT_MS) return this.dropConnection();
    if (quietFor >= LIVENESS_PROBE_MS && now - this.lastProbeAt >= LIVENESS_PROBE_MS) {
      this.lastProbeAt = now;
      ws.send(QUERY_AWARENESS);
    }
  };

  /**
   * Treats the open socket as closed at once: the same path y-websocket's own 30 s liveness
   * check takes (its close handler with no close event), so the provider, the save status and
   * the jittered reconnect all follow. A socket.close() alone would wait for a closing
   * handshake that a dead network never completes.
   */
  private dropConnection(): void {
    const ws = this.provider.ws;
    if (this.destroyed || !ws || !this.provider.shouldConnect) return;
    ws.onclose?.call(ws, null as unknown as CloseEvent);
  }

  private updateStatus(): void {
    const next = computeSaveStatus({ offline: this.offline, hasUnsavedChanges: this.tracker.hasUnsavedChanges });
    if (next === this.status) return;
    this.status = next;
    for (const listener of this.listeners) listener(next);
  }
}

/** Opens a shared document by name (for example `meetingDocName(id)`). */
export function openDocConnection(docName: string, options?: DocConnectionOptions): DocConnection {
  return new DocConnection(docName, options);
}

/** A y-websocket queryAwareness message: the server answers with everyone's awareness. */
const QUERY_AWARENESS = new Uint8Array([MessageType.queryAwareness]);

function browserSaysOffline(): boolean {
  return typeof navigator !== "undefined" && navigator.onLine === false;
}

function defaultServerUrl(): string {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.host}${YJS_PATH}`;
}
