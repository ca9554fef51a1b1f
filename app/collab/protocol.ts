// What the browser and the server agree on for the Yjs channel: the URL path,
// the document-name formats and the websocket close codes. Imported by both.

/** Path prefix of the Yjs endpoint: a document lives at `/yjs/<document-name>`. */
export const YJS_PATH = "/yjs";

/** y-websocket message types (the standard protocol). */
export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;

/**
 * Sub-types of an auth message (y-protocols/auth). Standard clients act only on
 * `permissionDenied` and ignore the rest of any other auth message, so the server uses
 * `saved` to tell a connection what of its changes is stored (see docs/decisions/004).
 */
export const AuthMessageType = { permissionDenied: 0, saved: 1 } as const;

const ID = "[A-Za-z0-9_-]{1,64}";
const MEETING_DOC = new RegExp(`^meeting-(${ID})$`);
// A dot cannot occur in an id, so the two ids in a private document's name stay apart.
const PRIVATE_DOC = new RegExp(`^private\\.(${ID})\\.(${ID})$`);

/** The name of a meeting's shared document (agenda, notes, agreements). */
export function meetingDocName(meetingId: string): string {
  return `meeting-${meetingId}`;
}

/** The name of one person's private notes for a meeting: only that person may open it. */
export function privateNotesDocName(meetingId: string, userId: string): string {
  return `private.${meetingId}.${userId}`;
}

/** A meeting id is 1–64 letters, digits, `-` or `_`. */
export function isValidMeetingId(id: string): boolean {
  return new RegExp(`^${ID}$`).test(id);
}

/** What a document name refers to, or null when it is not a name the server serves. */
export type ParsedDocName = { kind: "meeting"; meetingId: string } | { kind: "private"; meetingId: string; ownerId: string };

export function parseDocName(name: string): ParsedDocName | null {
  const meeting = MEETING_DOC.exec(name);
  if (meeting) return { kind: "meeting", meetingId: meeting[1]! };
  const own = PRIVATE_DOC.exec(name);
  return own ? { kind: "private", meetingId: own[1]!, ownerId: own[2]! } : null;
}

/**
 * Websocket close codes the Yjs endpoint uses (4000–4999 are for applications). A 44xx
 * close is final: y-websocket (and DocConnection) do not reconnect after one, because the
 * same message would be refused again. `closeMessageKey` says what the page shows.
 */
export const CloseCode = {
  /** The message could not be read as a y-websocket message. */
  malformedMessage: 4400,
  /** The session ended while connected (logged out, logged out elsewhere, or the password changed). */
  sessionEnded: 4401,
  /**
   * A change the sender's role may not make in the shared document (docs/decisions/009): the
   * opleider wrote the verslag, or moved or ticked off an agenda item, or someone changed an
   * item's proposer. Refused whole, never stored.
   */
  roleRule: 4403,
  /** The document name is not one the server serves. */
  unknownDocument: 4404,
  /** The update writes under a Yjs client id that belongs to another account in this document (issue #13.4). */
  clientIdTaken: 4409,
  /** The update would take the document over its size limit; nothing of it is stored. */
  documentTooLarge: 4413,
  /** The document is read-only (its meeting's report is confirmed); changes are refused, never stored. */
  readOnly: 4423,
  /** The connection sent more messages than any editor does (a flood); see docs/decisions/005. */
  tooManyMessages: 4429,
  /** The account sent more bytes in a minute than any person types or pastes. */
  writeBudgetExceeded: 4430,
  /** The server could not store an update; the client keeps it and resends on reconnect. */
  storageFailed: 4500,
  /** The server is shutting down; reconnect later. */
  shuttingDown: 4503,
} as const;

/**
 * The i18n key (app/i18n, section `collabClose`) of what the page shows after the server
 * closed a document's connection with `code`, or null when it needs no words (a reconnect
 * follows, or the refusal is explained elsewhere, like an ended session).
 */
export function closeMessageKey(code: number): `collabClose.${keyof typeof CLOSE_MESSAGES}` | null {
  const key = (Object.keys(CLOSE_MESSAGES) as Array<keyof typeof CLOSE_MESSAGES>).find((k) => CLOSE_MESSAGES[k] === code);
  return key ? `collabClose.${key}` : null;
}

const CLOSE_MESSAGES = {
  roleRule: CloseCode.roleRule,
  clientIdTaken: CloseCode.clientIdTaken,
  documentTooLarge: CloseCode.documentTooLarge,
  readOnly: CloseCode.readOnly,
  tooManyMessages: CloseCode.tooManyMessages,
  writeBudgetExceeded: CloseCode.writeBudgetExceeded,
  malformedMessage: CloseCode.malformedMessage,
} as const;

/** Fields of a meeting's Y.Doc, one Tiptap editor each; `report` is the aios's verslag, written after the meeting. */
export const MeetingField = { agenda: "agenda", notes: "notes", agreements: "agreements", report: "report" } as const;

/** Why the server will not open a document for this browser, as /api/doc-access says. */
export type DocAccess = "ok" | "loggedOut" | "forbidden" | "notFound";

/** Where the page asks why a document's upgrade was refused. */
export function docAccessUrl(docName: string): string {
  return `/api/doc-access?doc=${encodeURIComponent(docName)}`;
}
