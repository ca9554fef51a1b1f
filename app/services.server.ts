import type { Kysely } from "kysely";
import type SQLite from "better-sqlite3";
import type { Database } from "../db/schema";

/** What the server hands to every Remix loader and action as `context.services`. */
export interface AppServices {
  db: Kysely<Database>;
  sqlite: SQLite.Database;
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    services: AppServices;
    /** This response's Content-Security-Policy nonce for inline scripts. */
    cspNonce?: string;
  }
}
