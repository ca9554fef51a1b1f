import type { Identity } from "../../../app/live/identity";
import type { AwarenessEntry, CollabDocument, CollabExtension, Connection } from "../extension";
import type { ClientIdOwnership } from "./client-id-ownership";

/** Awareness client ids one connection may hold; a y-websocket client uses one. */
const MAX_AWARENESS_IDS_PER_CONNECTION = 4;

/**
 * Presence shows what the server knows (decision 005): each state's `user` (what Tiptap's
 * caret shows) becomes exactly the connection's server-known name and colour, and a
 * connection may only set the awareness ids it controls. An id stays with its account for
 * as long as the document is open and, through ClientIdOwnership, for good (issue #13.11):
 * after its owner drops, another account cannot take it, and the owner's returning state is
 * accepted. The same account may take an id over from an older connection (a reconnect
 * the server has not noticed yet; y-websocket keeps its id across reconnects). Only a newer
 * clock claims an id: y-websocket clients echo every state they receive, and an echo must not.
 */
export function awarenessIdentity(ownership: ClientIdOwnership): CollabExtension {
  /** Per document: which connection (and account) controls each awareness id. */
  const controllers = new WeakMap<CollabDocument, Map<number, { connection: Connection; userId: string }>>();

  function claim(connection: Connection, entry: AwarenessEntry): boolean {
    const controlled = connection.awarenessClientIds;
    if (controlled.has(entry.clientID)) return true;
    const document = connection.document!;
    // A removal never claims an id; the server's own id is nobody's.
    if (entry.state === null || entry.clientID === document.awareness.clientID || controlled.size >= MAX_AWARENESS_IDS_PER_CONNECTION) return false;
    const known = document.awareness.meta.get(entry.clientID);
    if (known && entry.clock <= known.clock) return false;
    let byId = controllers.get(document);
    if (!byId) controllers.set(document, (byId = new Map()));
    const current = byId.get(entry.clientID);
    const userId = connection.identity.userId;
    if (current && current.userId !== userId) return false;
    if (!ownership.claimForPresence(connection, entry.clientID)) return false;
    if (current) current.connection.awarenessClientIds.delete(entry.clientID);
    controlled.add(entry.clientID);
    byId.set(entry.clientID, { connection, userId });
    return true;
  }

  return {
    name: "awareness-identity",
    beforeApplyAwareness(connection, entries) {
      const kept: AwarenessEntry[] = [];
      for (const entry of entries) {
        if (!claim(connection, entry)) continue;
        if (entry.state && !showsIdentity(entry.state.user, connection.identity)) {
          entry.state.user = { name: connection.identity.name, color: connection.identity.color };
          entry.rewritten = true;
        }
        kept.push(entry);
      }
      return kept;
    },
  };
}

/** Whether an awareness `user` is exactly `{ name, color }` of the identity (any other field would be an unchecked claim). */
function showsIdentity(user: unknown, identity: Identity): boolean {
  if (typeof user !== "object" || user === null) return false;
  const { name, color } = user as { name?: unknown; color?: unknown };
  return name === identity.name && color === identity.color && Object.keys(user).length === 2;
}
