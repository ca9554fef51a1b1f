// The one place that knows how a benchmark client gets into a room. Today any client
// may open any meeting doc; when the upgrade needs a session cookie, only this file changes.

/** What a client needs to open one room's Yjs document. */
export interface RoomAccess {
  docName: string;
  /** Extra headers for the websocket upgrade (e.g. a session cookie later). */
  headers: Record<string, string>;
}

/** Prepares access to one room (a meeting id made of [A-Za-z0-9_-]) on the server at `baseUrl`. */
export async function roomAccess(_baseUrl: string, roomId: string): Promise<RoomAccess> {
  return { docName: `meeting-${roomId}`, headers: {} };
}
