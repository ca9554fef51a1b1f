import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { hashToken, newToken } from "../app/auth/tokens.server";
import { openDatabase, type KoersDatabase } from "../db/database";
import { createSessionCookie } from "../app/auth/session.server";
import { meetingDocName } from "../app/collab/protocol";

// The one place that knows how a benchmark client gets into a room. Koers checks the
// session and the pair on every upgrade, so the bench seeds, straight into the server's
// database (SQLite or PostgreSQL), one member of one pair and a meeting row per room (id = the room id), and
// signs the session cookie with the secret it gave the server. Workers run in their own
// processes: a small file per port tells them how to get in. The reference server needs nothing.

/** What a client needs to open one room's Yjs document. */
export interface RoomAccess {
  docName: string;
  /** Extra headers for the websocket upgrade: the session cookie for Koers. */
  headers: Record<string, string>;
}

interface KoersBenchAccess {
  /** The server's database: a SQLite path or a postgres:// URL. */
  database: string;
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
export async function seedKoersAccess(port: number, database: string, sessionSecret: string): Promise<void> {
  const opened = await openDatabase(database, { migrate: false, checkpointInWorker: false });
  const userId = "bench-user";
  const pairId = "bench-pair";
  const token = newToken();
  try {
    const { db } = opened;
    await db.insertInto("users").values({ id: userId, name: "Bench Aios", email: "bench@bench.invalid", password_hash: "not-a-login" }).onConflict((oc) => oc.doNothing()).execute();
    await db
      .insertInto("pairs")
      .values({ id: pairId, practice_name: "Bench", training_year: 1, starts_on: "2026-01-01", ends_on: "2027-01-01", created_by: userId })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await db.insertInto("pair_members").values({ pair_id: pairId, user_id: userId, role: "aios" }).onConflict((oc) => oc.doNothing()).execute();
    await db.insertInto("sessions").values({ token_hash: hashToken(token), user_id: userId, expires_at: "2999-01-01T00:00:00.000Z" }).execute();
  } finally {
    await opened.close();
  }
  const signed = await createSessionCookie(sessionSecret).serialize(token);
  const access: KoersBenchAccess = { database, cookie: signed.split(";")[0]!, pairId, userId };
  fs.writeFileSync(accessFile(port), JSON.stringify(access));
}

export function removeKoersAccess(port: number): void {
  fs.rmSync(accessFile(port), { force: true });
}

/** One connection per database per load process, for seeding its rooms. */
const seeders = new Map<string, Promise<KoersDatabase>>();

/** Prepares access to one room (a meeting id made of [A-Za-z0-9_-]) on the server at `baseUrl`. */
export async function roomAccess(baseUrl: string, roomId: string): Promise<RoomAccess> {
  const port = new URL(baseUrl).port;
  const file = accessFile(port);
  if (!fs.existsSync(file)) return { docName: meetingDocName(roomId), headers: {} }; // the reference server
  const access = JSON.parse(fs.readFileSync(file, "utf8")) as KoersBenchAccess;
  let seeder = seeders.get(access.database);
  if (!seeder) {
    seeder = openDatabase(access.database, { migrate: false, checkpointInWorker: false, poolSize: 2 });
    seeders.set(access.database, seeder);
  }
  await (await seeder).db
    .insertInto("meetings")
    .values({ id: roomId, pair_id: access.pairId, kind: "persoonsgericht", scheduled_at: "2026-11-24T13:00", created_by: access.userId })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return { docName: meetingDocName(roomId), headers: { Cookie: access.cookie } };
}
