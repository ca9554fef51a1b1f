import type { Kysely } from "kysely";
import type { Cookie } from "@remix-run/node";
import type { Database, SnapshotReason } from "../db/schema";

/** What the server hands to every Remix loader and action as `context.services`. */
export interface AppServices {
  db: Kysely<Database>;
  /** Which database `db` is (SQLite or PostgreSQL); repositories are the same on both. */
  dialect: import("../db/dialect").Dialect;
  /** The signed session cookie (app/auth/session.server.ts). */
  sessionCookie: Cookie;
  /** When the session cookie is marked Secure (app/auth/session.server.ts). */
  cookieSecurity: import("./auth/session.server").CookieSecurity;
  /** TRUST_PROXY: take the client address from X-Forwarded-For (login rate limits). */
  trustProxy: boolean;
  /** Login, sign-up and password-reset limits: this process's memory, or Redis shared by every instance (REDIS_URL). */
  accountLimits: import("./auth/login-rate-limit.server").AccountLimits;
  /** Live events to the browsers on a pair's or meeting's pages (socket.io), for actions that change shared state. */
  live: LiveNotifier;
  /**
   * Changes a Yjs document on the server's behalf; stored and broadcast like a client's edit.
   * Resolves once it is stored; rejects when storing fails or the document is read-only.
   */
  editDocument(docName: string, edit: (doc: import("yjs").Doc) => void): Promise<void>;
  /** Reads a Yjs document as it is stored now (the live copy when someone has it open). */
  readDocument<T>(docName: string, read: (doc: import("yjs").Doc) => T): Promise<T>;
  /**
   * Stores a full snapshot of a meeting's document as it is now (history): "Versie opslaan"
   * (`manual`, with an optional label), before a restore, at the meeting's end; or of a
   * `state` the caller read itself in the same step as an edit (a restore).
   */
  takeSnapshot(
    meetingId: string,
    reason: SnapshotReason,
    options?: { userId?: string | null; label?: string | null; state?: Uint8Array },
  ): Promise<{ id: number; takenAt: string }>;
  /** Whether a meeting's document is read-only (its report is confirmed: the database, or a confirmation in flight); the Yjs endpoint refuses changes to it. */
  isMeetingReadOnly(meetingId: string): Promise<boolean>;
  /**
   * Makes a meeting's document read-only or writable again (report confirmation; undone only
   * if storing it failed), on every instance: resolves once the others hold nothing of it unstored.
   */
  setMeetingReadOnly(meetingId: string, readOnly: boolean): Promise<void>;
  /** Closes the open websockets and sockets of ended sessions: one session (log out), or all but one (log out elsewhere). */
  closeSessions(which: SessionFilter): void;
  /** E-mail: wake the job runner after queueing, the switch-off links, the development outbox (app/mail/). */
  mail: import("./mail/mail-services").MailServices;
}

export interface SessionFilter {
  userId: string;
  /** Only this session's connections (its key from sessionKey()). */
  onlySession?: string;
  /** All of the user's connections except this session's. */
  exceptSession?: string;
}

/** Whether a connection of `userId` in session `key` is one the filter selects. */
export function sessionMatches(filter: SessionFilter, userId: string, key: string): boolean {
  if (filter.userId !== userId) return false;
  if (filter.onlySession !== undefined) return key === filter.onlySession;
  if (filter.exceptSession !== undefined) return key !== filter.exceptSession;
  return true;
}

/** Lets loaders and actions tell open pages that something changed, without knowing socket.io. */
export interface LiveNotifier {
  meetingChanged(meetingId: string): void;
  pairChanged(pairId: string): void;
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    services: AppServices;
    /** This response's Content-Security-Policy nonce for inline scripts. */
    cspNonce?: string;
    /** The TCP peer address of the request (for login rate limits). */
    clientAddress?: string;
  }
}
