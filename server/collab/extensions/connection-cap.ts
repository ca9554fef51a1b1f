import type { CollabExtension, Connection } from "../extension";

/** /yjs connections one login session may hold at once (a few tabs × two documents each is far below it). */
export const DEFAULT_CONNECTIONS_PER_SESSION = 20;

/**
 * Caps the /yjs connections per session (issue #13: 300 of 300 were accepted). Counted from
 * the moment the upgrade is checked, so a burst of parallel upgrades cannot slip past; one
 * over the cap is refused with HTTP 429 before the upgrade completes.
 */
export function connectionCap(perSession = DEFAULT_CONNECTIONS_PER_SESSION): CollabExtension {
  const open = new Map<string, number>();
  const counted = new WeakSet<Connection>();
  return {
    name: "connection-cap",
    onConnect(connection) {
      const count = open.get(connection.sessionKey) ?? 0;
      if (count >= perSession) return { status: 429 };
      open.set(connection.sessionKey, count + 1);
      counted.add(connection);
      return undefined;
    },
    onDisconnect(connection) {
      if (!counted.has(connection)) return;
      counted.delete(connection);
      const count = (open.get(connection.sessionKey) ?? 1) - 1;
      if (count > 0) open.set(connection.sessionKey, count);
      else open.delete(connection.sessionKey);
    },
  };
}
