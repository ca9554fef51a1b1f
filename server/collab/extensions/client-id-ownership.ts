import * as Y from "yjs";
import { CloseCode } from "../../../app/collab/protocol";
import { Refusal, type CollabDocument, type CollabExtension, type Connection, type IncomingUpdate } from "../extension";

/** The owner recorded for the server's own client id (in memory only: nobody may write under it). */
const SERVER_ACCOUNT = "\u0000server";

/**
 * A connection writes structs (items, GC and skip alike) only under Yjs client ids that
 * belong to its own account in that document (issue #13.4). The first account to use an id
 * in a document, by an update or by showing presence under it, owns it from then on: the
 * claim is stored in doc_client_owners in the same transaction as the update, so it holds
 * while the owner is offline and across restarts. Without it the partner could read the id
 * from awareness and write a GC struct over the owner's next clocks; the owner's offline
 * text would then be dropped while "Opgeslagen" confirmed it.
 */
export class ClientIdOwnership implements CollabExtension {
  readonly name = "client-id-ownership";
  private readonly owners = new WeakMap<CollabDocument, Map<number, string>>();
  /** Claims an update makes, kept from the check to the moment it was applied. */
  private readonly pendingClaims = new WeakMap<IncomingUpdate, Array<[number, string]>>();

  onLoadDocument(document: CollabDocument, stored: { clientOwners: Map<number, string> }): void {
    const owners = new Map(stored.clientOwners);
    owners.set(document.doc.clientID, SERVER_ACCOUNT);
    this.owners.set(document, owners);
  }

  beforeApplyUpdate(connection: Connection, update: IncomingUpdate): void {
    const document = connection.document!;
    const owners = this.ownersOf(document);
    const account = connection.identity.userId;
    let fresh: Array<[number, string]> | null = null;
    for (const client of clientsWritingNew(document, update)) {
      const owner = owners.get(client);
      if (owner === undefined) (fresh ??= []).push([client, account]);
      else if (owner !== account) throw new Refusal(CloseCode.clientIdTaken, `client id ${client} belongs to another account in this document`);
    }
    if (!fresh) return;
    // Stored with the update itself (only if it is applied), remembered once it was.
    update.claimClients(fresh);
    this.pendingClaims.set(update, fresh);
  }

  afterApplyUpdate(connection: Connection, update: IncomingUpdate): void {
    const fresh = this.pendingClaims.get(update);
    if (!fresh) return;
    const owners = this.ownersOf(connection.document!);
    for (const [client, account] of fresh) if (!owners.has(client)) owners.set(client, account);
  }

  /**
   * Whether `connection`'s account may use `clientId` in its document (for presence); a free
   * id is claimed for it at once and stored in the next batch.
   */
  claimForPresence(connection: Connection, clientId: number): boolean {
    const document = connection.document!;
    const owners = this.ownersOf(document);
    const owner = owners.get(clientId);
    const account = connection.identity.userId;
    if (owner !== undefined) return owner === account;
    owners.set(clientId, account);
    document.recordClientOwners([[clientId, account]]);
    return true;
  }

  /**
   * Owners another instance recorded (its connections' updates and presence, stored there):
   * learnt here so that nobody on this instance takes those ids over. The first owner stays.
   */
  learnOwners(document: CollabDocument, owners: ReadonlyArray<readonly [number, string]>): void {
    const known = this.ownersOf(document);
    for (const [client, account] of owners) if (!known.has(client)) known.set(client, account);
  }

  private ownersOf(document: CollabDocument): Map<number, string> {
    let owners = this.owners.get(document);
    if (!owners) this.owners.set(document, (owners = new Map([[document.doc.clientID, SERVER_ACCOUNT]])));
    return owners;
  }
}

/**
 * The client ids under which an update adds structs the document does not have yet. A
 * y-websocket client's sync step 2 also carries what it received from the server after the
 * server's greeting (the partner's latest keystrokes): structs the server has already are
 * no-ops and write under nobody's id.
 */
function clientsWritingNew(document: CollabDocument, update: IncomingUpdate): Set<number> {
  const writing = new Set<number>();
  const store = document.doc.store;
  for (const struct of update.structs) {
    const client = struct.id.client;
    if (!writing.has(client) && struct.id.clock + struct.length > Y.getState(store, client)) writing.add(client);
  }
  return writing;
}
