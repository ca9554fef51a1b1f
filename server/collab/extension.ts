import type { IncomingMessage } from "node:http";
import type * as Y from "yjs";
import type { Awareness } from "y-protocols/awareness";
import type { Identity } from "../../app/live/identity";
import type { DeleteSet } from "../../app/collab/saved-state";
import type { StoredDocument } from "../../db/doc-store";

// The contract between the collaboration core (collab-server.ts: the y-websocket protocol,
// documents in memory, the write queue) and everything Koers adds to it. In the spirit of
// Hocuspocus's hooks: each concern is one small extension, and server/koers-server.ts
// composes them as one list. Hooks run in list order; a hook that throws a Refusal closes
// that one connection with the refusal's code, and nothing of the message is applied.

/** Thrown by a hook to refuse what a connection sent: the connection closes with `code`. */
export class Refusal extends Error {
  constructor(
    readonly code: number,
    reason: string,
  ) {
    super(reason);
  }
}

/** A websocket upgrade to `/yjs/<docName>` before it completes. */
export interface UpgradeRequest {
  request: IncomingMessage;
  docName: string;
}

/** Who an upgrade belongs to, or the HTTP status that refuses it (no byte of the document is sent). */
export type Authentication = { ok: true; identity: Identity; sessionKey: string } | { ok: false; status: 401 | 403 | 404 | 429 | 503 };

/** One client connection. The core owns it; extensions read it and may keep their own state per connection. */
export interface Connection {
  /** A number for logs. */
  readonly id: number;
  readonly docName: string;
  /** The account behind the connection, as authentication found it (never what the client says). */
  readonly identity: Identity;
  /** The login session it belongs to (closeSessions, per-session caps). */
  readonly sessionKey: string;
  /** Its document once loaded; null while the document is being read from the store. */
  readonly document: CollabDocument | null;
  /** The awareness client ids this connection controls; the core removes their states when it closes. */
  readonly awarenessClientIds: Set<number>;
  /** Sends a y-websocket message (dropped once the connection is closed). */
  send(message: Uint8Array): void;
}

/** One document held in memory while it is open. */
export interface CollabDocument {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  readonly connections: ReadonlySet<Connection>;
  /** Bytes stored for the document: state plus log, including updates accepted but not yet committed. */
  readonly storedBytes: number;
  /**
   * Changes the document on the server's own behalf, from inside a hook (the role rules'
   * corrections): stored in the same batch and broadcast like any other change.
   */
  editAsServer(edit: (doc: Y.Doc) => void): void;
  /** Stores client-id owners in the next batch, without an update (a client id first used for presence). */
  recordClientOwners(owners: ReadonlyArray<readonly [clientId: number, userId: string]>): void;
}

/** An update (or a sync step 2) a connection sent, decoded once and checked to be applicable. */
export interface IncomingUpdate {
  readonly kind: "update" | "syncStep2";
  readonly bytes: Uint8Array;
  readonly structs: ReadonlyArray<Y.Item | Y.GC | Y.Skip>;
  readonly deleteSet: DeleteSet;
  /** The client ids whose structs it carries. */
  readonly clients: ReadonlySet<number>;
  /** Records client ids this update is the first to use, with their account: stored in the same transaction as the update. */
  claimClients(owners: ReadonlyArray<readonly [clientId: number, userId: string]>): void;
}

/** One entry of an awareness update, parsed and checked to be an object or null. */
export interface AwarenessEntry {
  clientID: number;
  clock: number;
  state: Record<string, unknown> | null;
  /** The state as JSON; a hook that changes `state` sets `rewritten` and the core encodes it again. */
  json: string;
  rewritten?: boolean;
}

/** A change that is now stored (and broadcast), as afterStore sees it. */
export interface StoredChange {
  readonly document: CollabDocument;
  /** Who sent it; null for the server's own edits and for changes another instance stored. */
  readonly connection: Connection | null;
  /** "stored elsewhere": another instance stored it and this one applied it (applyStored, issue #16). */
  readonly kind: "update" | "syncStep2" | "serverEdit" | "storedElsewhere";
  /** False when the update brought nothing new (what it carried was stored already). */
  readonly changed: boolean;
  /** The stored clock of each client whose structs it carried, read when it was applied. */
  readonly clocks: ReadonlyArray<readonly [client: number, clock: number]>;
  /** After a sync step 2: the whole state vector when it was applied. */
  readonly stateVector: Uint8Array | null;
  /** The deletions it carried. */
  readonly deleteSet: DeleteSet;
  /** The update as stored (null when it brought nothing new); what other instances are sent. */
  readonly update: Uint8Array | null;
  /** Its log row id (null when it brought nothing new, or not known). */
  readonly logId: number | null;
  /** Client ids it used first, with their account, stored in the same transaction. */
  readonly newClientOwners: ReadonlyArray<readonly [clientId: number, userId: string]>;
}

/** Awareness states that changed in a document, and where the change came from. */
export interface AwarenessChange {
  readonly document: CollabDocument;
  readonly added: readonly number[];
  readonly updated: readonly number[];
  readonly removed: readonly number[];
  /** True when it came from this instance's connections (a message, or a connection that closed); false for another instance's (applyAwarenessElsewhere) and for timeouts. */
  readonly local: boolean;
}

/** What a compaction stored: the state, and exactly the log rows it covered (now deleted). */
export interface CompactionDone {
  readonly coveredIds: readonly number[];
  readonly stateBytes: number;
  readonly stateVersion: number;
}

/** What an extension may use of the server itself (onConfigure). */
export interface CollabServerApi {
  /** Reads a document as it is stored now (the live copy when open). */
  readDocument<T>(docName: string, read: (doc: Y.Doc) => T): Promise<T>;
  /** Changes a document on the server's behalf; resolves once stored. */
  editDocument(docName: string, edit: (doc: Y.Doc) => void): Promise<void>;
  /** Resolves once everything applied to an open document is stored (at once when it is not open here). */
  whenStored(docName: string): Promise<void>;
  /**
   * An update another instance has stored (log row `logId`, checked there when its client sent
   * it): applied to the open document and sent to this instance's connections, never stored
   * again. "missing" when part of it builds on something this instance lacks (a message was
   * lost; that part waits until refreshFromStore brings it), "notOpen" when the document is
   * not held here.
   */
  applyStored(docName: string, update: Uint8Array, logId: number | null): "applied" | "missing" | "notOpen";
  /** Awareness states of another instance's connections (`update`), and ids whose state is gone there. */
  applyAwarenessElsewhere(docName: string, update: Uint8Array | null, removed: readonly number[]): void;
  /** Reads an open document from the store again and applies what this instance lacks (after lost messages or another instance's crash). */
  refreshFromStore(docName: string): Promise<void>;
  /** Another instance compacted a document: these log rows are gone, their content is in the stored state. */
  compactedElsewhere(docName: string, done: CompactionDone): void;
  /** The names of the documents held in memory now. */
  openDocumentNames(): string[];
}

/** A piece of the collaboration server. Every hook is optional. */
export interface CollabExtension {
  /** A short name for logs. */
  readonly name: string;
  /** The server is built: keep what the extension needs of it (the snapshotter reads documents). */
  onConfigure?(server: CollabServerApi): void;
  /** Decides who opens a document, before the upgrade completes; the first extension that answers decides. */
  onAuthenticate?(upgrade: UpgradeRequest): Promise<Authentication | undefined>;
  /** The account is known, the upgrade not yet complete: return an HTTP status to refuse it (caps). onDisconnect follows every call. */
  onConnect?(connection: Connection): { status: 429 | 503 } | undefined;
  /** A document is about to be read from the store (it is not in memory): subscribe to what other instances send about it first, so nothing falls between the read and the subscription. */
  beforeLoadDocument?(docName: string): Promise<void>;
  /** A document was read from the store, before any connection is answered: set up per-document state. */
  onLoadDocument?(document: CollabDocument, stored: StoredDocument): void | Promise<void>;
  /** The loaded document is in memory (applyStored reaches it now), still before any connection is answered. */
  afterLoadDocument?(document: CollabDocument): void;
  /** A connection is open on its loaded document; its greeting follows. */
  connected?(connection: Connection): void;
  /** Every message a connection sends, before it is read (budgets); throw a Refusal to close it. */
  beforeHandleMessage?(connection: Connection, message: Uint8Array): void;
  /** A decoded update from a connection before it touches the document; throw a Refusal to refuse all of it. */
  beforeApplyUpdate?(connection: Connection, update: IncomingUpdate): void;
  /** The update was applied (not yet stored): follow-up edits by the server (editAsServer) join the same batch. */
  afterApplyUpdate?(connection: Connection, update: IncomingUpdate): void;
  /** The server itself is about to change a document (editDocument); throw to refuse. */
  beforeServerEdit?(document: CollabDocument): void;
  /** Awareness entries a connection sent, before they are applied: returns those to apply (dropped or rewritten). */
  beforeApplyAwareness?(connection: Connection, entries: AwarenessEntry[]): AwarenessEntry[];
  /** A change is stored and broadcast: confirm it, index it, mark it for history. Must not throw. */
  afterStore?(change: StoredChange): void;
  /** Awareness states changed (relayed to this instance's connections by the core). Must not throw. */
  afterAwarenessChange?(change: AwarenessChange): void;
  /** A compaction is about to run: return false to skip it (another instance holds the document's lock), or a release to call when it is done. */
  beforeCompact?(document: CollabDocument): Promise<false | (() => void)>;
  /** A compaction was stored. Must not throw. */
  afterCompact?(document: CollabDocument, done: CompactionDone): void;
  /** A connection closed (or its upgrade was refused or failed); its awareness states are removed by the core. */
  onDisconnect?(connection: Connection): void;
  /** The last connection left; the document is still open and intact (last-left snapshot). */
  onLastLeft?(document: CollabDocument): void | Promise<void>;
  /** A document is about to leave memory, everything stored; `intact` is false after a failed write (memory then holds what the store lacks). */
  beforeUnloadDocument?(document: CollabDocument, intact: boolean): void | Promise<void>;
  /** A document is out of memory (unloaded, or its load failed): nothing of it is held here any more. */
  onDocumentClosed?(docName: string): void;
  /** The server is stopping, after every document was stored and unloaded: release timers. */
  onDestroy?(): void | Promise<void>;
}
