import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { hashToken, newToken } from "../app/auth/tokens.server";
import { createSessionCookie } from "../app/auth/session.server";
import { meetingDocName } from "../app/collab/protocol";

// The one place that knows how a benchmark client gets into a room. Koers checks the
// session and the pair on every upgrade, so the bench seeds, straight into the server's
// SQLite file, one member of one pair and a meeting row per room (id = the room id), and
// signs the session cookie with the secret it gave the server. Workers run in their own
// processes: a small file per port tells them how to get in. The reference server needs nothing.

/** What a client needs to open one room's Yjs document. */
export interface RoomAccess {
  docName: string;
  /** Extra headers for the websocket upgrade: the session cookie for Koers. */
  headers: Record<string, string>;
}

interface KoersBenchAccess {
  databasePath: string;
  cookie: string;
  pairId: string;
  userId: string;
}

const accessFile = (port: string | number) => path.join(os.tmpdir(), `koers-bench-access-${port}.json`);

/** A random session secret for a bench server (passed to it as SESSION_SECRET). */
export function benchSessionSecret(): string {
  return newToken();
}

/** Seeds a member and a pair into a running Koers server's database and writes the access file for workers. */
export async function seedKoersAccess(port: number, databasePath: string, sessionSecret: string): Promise<void> {
  const sqlite = new SQLite(databasePath);
  sqlite.pragma("busy_timeout = 5000");
  const userId = "bench-user";
  const pairId = "bench-pair";
  const token = newToken();
  try {
    sqlite.prepare("insert or ignore into users (id, name, email, password_hash) values (?, 'Bench Aios', 'bench@bench.invalid', 'not-a-login')").run(userId);
    sqlite
      .prepare("insert or ignore into pairs (id, practice_name, training_year, starts_on, ends_on, created_by) values (?, 'Bench', 1, '2026-01-01', '2027-01-01', ?)")
      .run(pairId, userId);
    sqlite.prepare("insert or ignore into pair_members (pair_id, user_id, role) values (?, ?, 'aios')").run(pairId, userId);
    sqlite.prepare("insert into sessions (token_hash, user_id, expires_at) values (?, ?, ?)").run(hashToken(token), userId, "2999-01-01T00:00:00.000Z");
  } finally {
    sqlite.close();
  }
  const signed = await createSessionCookie(sessionSecret).serialize(token);
  const access: KoersBenchAccess = { databasePath, cookie: signed.split(";")[0]!, pairId, userId };
  fs.writeFileSync(accessFile(port), JSON.stringify(access));
}

export function removeKoersAccess(port: number): void {
  fs.rmSync(accessFile(port), { force: true });
}

const seededRooms = new Map<string, SQLite.Database>();

/** Prepares access to one room (a meeting id made of [A-Za-z0-9_-]) on the server at `baseUrl`. */
export async function roomAccess(baseUrl: string, roomId: string): Promise<RoomAccess> {
  const port = new URL(baseUrl).port;
  const file = accessFile(port);
  if (!fs.existsSync(file)) return { docName: meetingDocName(roomId), headers: {} }; // the reference server
  const access = JSON.parse(fs.readFileSync(file, "utf8")) as KoersBenchAccess;
  let sqlite = seededRooms.get(access.databasePath);
  if (!sqlite) {
    sqlite = new SQLite(access.databasePath);
    sqlite.pragma("busy_timeout = 5000");
    seededRooms.set(access.databasePath, sqlite);
  }
  sqlite
    .prepare("insert or ignore into meetings (id, pair_id, kind, scheduled_at, created_by) values (?, ?, 'persoonsgericht', '2026-11-24T13:00', ?)")
    .run(roomId, access.pairId, access.userId);
  return { docName: meetingDocName(roomId), headers: { Cookie: access.cookie } };
}
