import type { Kysely } from "kysely";
import type SQLite from "better-sqlite3";
import type { Cookie } from "@remix-run/node";
import type { Database } from "../db/schema";

/** What the server hands to every Remix loader and action as `context.services`. */
export interface AppServices {
  db: Kysely<Database>;
  sqlite: SQLite.Database;
  /** The signed session cookie (app/auth/session.server.ts). */
  sessionCookie: Cookie;
  /** Live events to the browsers on a pair's or meeting's pages (socket.io), for actions that change shared state. */
  live: LiveNotifier;
  /** Changes a Yjs document on the server's behalf; stored and broadcast like a client's edit. Throws when storing fails. */
  editDocument(docName: string, edit: (doc: import("yjs").Doc) => void): void;
  /** Closes the user's open websockets after their sessions were ended (log out everywhere, password change). */
  sessionsEnded(userId: string): void;
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
