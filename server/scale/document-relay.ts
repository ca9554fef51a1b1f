import type { Redis } from "ioredis";
import * as awarenessProtocol from "y-protocols/awareness";
import type { CollabDocument, CollabExtension, CollabServerApi, Connection, StoredChange, AwarenessChange, CompactionDone } from "../collab/extension";
import type { ClientIdOwnership } from "../collab/extensions/client-id-ownership";
import { logger } from "../logger";
import type { DocLocks, LockRelease } from "./doc-locks";
import { decodeRelayMessage, encodeRelayMessage, relayMessageSender, type Owners, type RelayMessage } from "./relay-messages";
import type { RedisSubscriptions } from "./redis-subscriptions";

// The collab extension that shares open documents between instances through Redis pub/sub
// (issue #16, docs/decisions/015). An instance relays a change only after its batch is
// stored (afterStore), so what another instance receives is in the database already and is
// applied there without being stored again (applyStored): write before broadcast holds
// across instances. Pub/sub may lose messages (a reconnect, a crashed sender): the database
// is the truth, so a receiver that notices a gap (an update that builds on what it lacks), a
// reconnect or a silent instance reads its open documents back from the store.

/** How long an instance waits for Redis to confirm a subscription before it loads the document anyway (it reads it again once Redis is back). */
const SUBSCRIBE_TIMEOUT_MS = 2000;
/** A compaction's lease: far longer than one takes, short enough that a crashed holder does not stall the others. */
const COMPACTION_LOCK_MS = 30_000;

/** The Redis channel of one document. */
export function documentChannel(docName: string): string {
  return `koers:doc:${docName}`;
}

export interface DocumentRelayDeps {
  /** The command connection (publish, locks, counting subscribers). */
  redis: Redis;
  subscriptions: RedisSubscriptions;
  /** This instance's id: its own messages come back from Redis and are skipped. */
  instanceId: string;
  locks: DocLocks;
  /** Client ids other instances' accounts claimed are learnt here, so nobody takes them over on this instance. */
  clientIds: ClientIdOwnership;
}

export class DocumentRelay implements CollabExtension {
  readonly name = "document-relay";
  private server: CollabServerApi | null = null;
  /** Documents loaded here. */
  private readonly open = new Map<string, CollabDocument>();
  /** Documents being loaded: subscribed already, messages wait here until the document is in memory. */
  private readonly loading = new Map<string, Buffer[]>();
  /** Documents whose channel was left when the last person here left (subscribed again when someone comes back). */
  private readonly left = new Set<string>();
  /** Per document: the awareness ids of other instances' connections, and which instance each is on. */
  private readonly remoteAwareness = new Map<string, Map<number, string>>();
  private readonly refreshes = new Map<string, { again: boolean }>();
  /** Documents whose last relay failed: the others are asked to read them from the store once Redis answers again. */
  private readonly unrelayed = new Set<string>();
  private publishErrorLoggedAt = 0;

  constructor(private readonly deps: DocumentRelayDeps) {
    deps.subscriptions.onReconnect(() => this.refreshAll("Redis reconnected"));
    deps.redis.on("ready", () => this.retryUnrelayed());
  }

  onConfigure(server: CollabServerApi): void {
    this.server = server;
  }

  async beforeLoadDocument(docName: string): Promise<void> {
    this.loading.set(docName, []);
    this.left.delete(docName);
    await this.subscribe(docName);
  }

  afterLoadDocument(document: CollabDocument): void {
    const waiting = this.loading.get(document.name) ?? [];
    this.loading.delete(document.name);
    this.open.set(document.name, document);
    for (const raw of waiting) this.handle(document.name, raw);
    this.publish(document.name, { type: "awarenessQuery", from: this.deps.instanceId });
  }

  onDocumentClosed(docName: string): void {
    this.open.delete(docName);
    this.loading.delete(docName);
    this.remoteAwareness.delete(docName);
    this.left.delete(docName);
    if (this.deps.subscriptions.has(documentChannel(docName))) {
      this.deps.subscriptions.unsubscribe(documentChannel(docName)).catch((error: unknown) => logger.warn(`leaving the channel of ${docName} failed`, error));
    }
  }

  connected(connection: Connection): void {
    const name = connection.docName;
    if (!this.left.delete(name)) return;
    // Someone came back while the document was on its way out: listen again, and catch up on what was missed meanwhile.
    void this.subscribe(name).then(() => {
      this.refresh(name);
      this.publish(name, { type: "awarenessQuery", from: this.deps.instanceId });
    });
  }

  afterStore(change: StoredChange): void {
    if (change.kind === "storedElsewhere") return;
    const owners = change.newClientOwners;
    if (!change.update && owners.length === 0) return;
    this.publish(change.document.name, {
      type: "stored",
      from: this.deps.instanceId,
      logId: change.logId ?? 0,
      update: change.update ?? new Uint8Array(0),
      owners,
    });
  }

  afterAwarenessChange(change: AwarenessChange): void {
    if (!change.local) return;
    const present = [...change.added, ...change.updated].filter((id) => change.document.awareness.getStates().has(id));
    this.publish(change.document.name, {
      type: "awareness",
      from: this.deps.instanceId,
      update: present.length ? awarenessProtocol.encodeAwarenessUpdate(change.document.awareness, present) : new Uint8Array(0),
      removed: [...change.removed],
      owners: ownersOf(change.document, present),
    });
  }

  async beforeCompact(document: CollabDocument): Promise<false | LockRelease> {
    return (await this.deps.locks.tryLock(`compact:${document.name}`, COMPACTION_LOCK_MS)) ?? false;
  }

  afterCompact(document: CollabDocument, done: CompactionDone): void {
    this.publish(document.name, { type: "compacted", from: this.deps.instanceId, coveredIds: [...done.coveredIds], stateBytes: done.stateBytes, stateVersion: done.stateVersion });
  }

  /**
   * The last person on this instance left `docName`: leaves its channel and says whether any
   * other instance still has it open (then this is not the meeting's last-left moment). Two
   * instances whose last people leave at once may both answer false: a snapshot too many,
   * never one too few.
   */
  async openElsewhere(docName: string): Promise<boolean> {
    const channel = documentChannel(docName);
    try {
      if (this.deps.subscriptions.has(channel)) {
        this.left.add(docName);
        await this.deps.subscriptions.unsubscribe(channel);
      }
      const reply = (await this.deps.redis.pubsub("NUMSUB", channel)) as Array<string | number>;
      return Number(reply[1] ?? 0) > 0;
    } catch (error) {
      logger.warn(`could not ask Redis who else has ${docName} open`, error);
      return false;
    }
  }

  /** Another instance stopped answering: its people's presence goes, and what it stored but never relayed is read from the store. */
  instanceGone(instanceId: string): void {
    for (const [docName, ids] of this.remoteAwareness) {
      const gone = [...ids].filter(([, from]) => from === instanceId).map(([id]) => id);
      for (const id of gone) ids.delete(id);
      if (gone.length) this.server?.applyAwarenessElsewhere(docName, null, gone);
    }
    this.refreshAll(`instance ${instanceId} is gone`);
  }

  private async subscribe(docName: string): Promise<void> {
    const subscribed = this.deps.subscriptions.subscribe(documentChannel(docName), (raw) => this.received(docName, raw));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), SUBSCRIBE_TIMEOUT_MS)));
    try {
      const outcome = await Promise.race([subscribed.then(() => "ok" as const), timedOut]);
      // Redis is down: the document opens anyway, and is read again once Redis is back (onReconnect).
      if (outcome === "timeout") logger.warn(`Redis did not confirm the subscription to ${docName} within ${SUBSCRIBE_TIMEOUT_MS} ms; opening it without`);
    } catch (error) {
      logger.warn(`subscribing to ${docName} failed; opening it without`, error);
    } finally {
      clearTimeout(timer);
    }
    subscribed.catch(() => {});
  }

  private received(docName: string, raw: Buffer): void {
    const waiting = this.loading.get(docName);
    if (waiting) return void waiting.push(raw);
    this.handle(docName, raw);
  }

  private handle(docName: string, raw: Buffer): void {
    const document = this.open.get(docName);
    const server = this.server;
    if (!document || !server) return;
    const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    let message: RelayMessage;
    try {
      // Redis sends this instance's own messages back: those are skipped before anything else is read.
      if (relayMessageSender(bytes) === this.deps.instanceId) return;
      message = decodeRelayMessage(bytes);
    } catch (error) {
      logger.error(`a relay message for ${docName} could not be read; reading the document from the store`, error);
      return this.refresh(docName);
    }
    switch (message.type) {
      case "stored": {
        if (message.owners.length) this.deps.clientIds.learnOwners(document, message.owners);
        if (message.update.length === 0) return;
        let outcome;
        try {
          outcome = server.applyStored(docName, message.update, message.logId || null);
        } catch (error) {
          logger.error(`an update relayed for ${docName} could not be applied; reading the document from the store`, error);
          outcome = "missing" as const;
        }
        if (outcome === "missing") this.refresh(docName);
        return;
      }
      case "awareness": {
        if (message.owners.length) this.deps.clientIds.learnOwners(document, message.owners);
        let ids = this.remoteAwareness.get(docName);
        if (!ids) this.remoteAwareness.set(docName, (ids = new Map()));
        for (const [id] of message.owners) ids.set(id, message.from);
        for (const id of message.removed) ids.delete(id);
        server.applyAwarenessElsewhere(docName, message.update.length ? message.update : null, message.removed);
        return;
      }
      case "awarenessQuery": {
        const ids = localAwarenessIds(document);
        if (ids.length === 0) return;
        this.publish(docName, {
          type: "awareness",
          from: this.deps.instanceId,
          update: awarenessProtocol.encodeAwarenessUpdate(document.awareness, ids),
          removed: [],
          owners: ownersOf(document, ids),
        });
        return;
      }
      case "compacted":
        return server.compactedElsewhere(docName, message);
      case "reload":
        return this.refresh(docName);
    }
  }

  /** Reads an open document back from the store (coalesced: one read at a time, one more if asked meanwhile). */
  private refresh(docName: string): void {
    const running = this.refreshes.get(docName);
    if (running) return void (running.again = true);
    const state = { again: false };
    this.refreshes.set(docName, state);
    void (async () => {
      do {
        state.again = false;
        try {
          await this.server?.refreshFromStore(docName);
        } catch (error) {
          logger.error(`reading ${docName} back from the store failed`, error);
        }
      } while (state.again);
      this.refreshes.delete(docName);
    })();
  }

  private refreshAll(why: string): void {
    const names = [...this.open.keys()];
    if (names.length) logger.info(`${why}: reading ${names.length} open document(s) back from the store`);
    for (const name of names) this.refresh(name);
  }

  private publish(docName: string, message: RelayMessage): void {
    const bytes = encodeRelayMessage(message);
    this.deps.redis.publish(documentChannel(docName), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).catch((error: unknown) => {
      // The others miss this one: once Redis answers again they are asked to read the document from the store.
      if (message.type === "stored" || message.type === "compacted") this.unrelayed.add(docName);
      const now = Date.now();
      if (now - this.publishErrorLoggedAt > 10_000) {
        this.publishErrorLoggedAt = now;
        logger.error(`relaying a change of ${docName} to the other instances failed`, error);
      }
    });
  }

  private retryUnrelayed(): void {
    for (const docName of this.unrelayed) this.publish(docName, { type: "reload", from: this.deps.instanceId });
    this.unrelayed.clear();
  }
}

/** The awareness ids held by this instance's own connections that have a state. */
function localAwarenessIds(document: CollabDocument): number[] {
  const states = document.awareness.getStates();
  const ids: number[] = [];
  for (const connection of document.connections) for (const id of connection.awarenessClientIds) if (states.has(id)) ids.push(id);
  return ids;
}

/** Which account controls each of these awareness ids here (the connection that set it). */
function ownersOf(document: CollabDocument, ids: readonly number[]): Owners {
  const owners: Array<[number, string]> = [];
  for (const id of ids) {
    for (const connection of document.connections) {
      if (connection.awarenessClientIds.has(id)) {
        owners.push([id, connection.identity.userId]);
        break;
      }
    }
  }
  return owners;
}
