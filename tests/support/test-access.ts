import type { KoersServer } from "../../server/koers-server";
import { parseDocName } from "../../app/collab/protocol";
import { startSession } from "../../app/auth/accounts.server";
import type { Role } from "../../db/schema";

// Every channel checks who is asking, so tests connect as real members of a real pair:
// one test pair per database (an aios and an opleider with sessions), and a meeting row
// for every meeting document a test opens.

export const TEST_PAIR_ID = "00000000-0000-4000-8000-000000000001";
export const TEST_USERS: Record<Role, { id: string; name: string }> = {
  aios: { id: "00000000-0000-4000-8000-00000000000a", name: "Test Aios" },
  opleider: { id: "00000000-0000-4000-8000-00000000000b", name: "Test Opleider" },
};

const cookies = new WeakMap<KoersServer, Record<Role, string>>();

/** Creates the test pair (once per database) and a session cookie for each member. */
export async function seedTestPair(server: KoersServer): Promise<void> {
  const { sqlite, db, sessionCookie } = server.services;
  const insertUser = sqlite.prepare("insert or ignore into users (id, name, email, password_hash) values (?, ?, ?, 'not-a-login')");
  for (const [role, user] of Object.entries(TEST_USERS)) insertUser.run(user.id, user.name, `${role}@test.invalid`);
  sqlite
    .prepare("insert or ignore into pairs (id, practice_name, training_year, starts_on, ends_on, created_by) values (?, 'Testpraktijk', 1, '2026-09-01', '2027-08-31', ?)")
    .run(TEST_PAIR_ID, TEST_USERS.aios.id);
  const member = sqlite.prepare("insert or ignore into pair_members (pair_id, user_id, role) values (?, ?, ?)");
  for (const [role, user] of Object.entries(TEST_USERS)) member.run(TEST_PAIR_ID, user.id, role);
  const result = {} as Record<Role, string>;
  for (const role of ["aios", "opleider"] as const) {
    const token = await startSession(server.services, TEST_USERS[role].id);
    result[role] = cookiePair(await sessionCookie.serialize(token));
  }
  cookies.set(server, result);
}

/** The `name=value` part of a Set-Cookie header, as a browser would send it back. */
export function cookiePair(setCookie: string): string {
  return setCookie.split(";")[0]!;
}

/**
 * The Cookie header of a test-pair member allowed to open `docName`; creates the meeting
 * (synchronously, so connecting stays synchronous) when the document names one.
 */
export function memberCookie(server: KoersServer, docName: string, role: Role = "aios"): string {
  const cookie = cookies.get(server)?.[role];
  if (!cookie) throw new Error("start the server with startTestServer (it seeds the test pair)");
  const parsed = parseDocName(docName);
  if (parsed) {
    server.services.sqlite
      .prepare("insert or ignore into meetings (id, pair_id, kind, scheduled_at, created_by) values (?, ?, 'taakgericht', '2026-11-24T13:00', ?)")
      .run(parsed.meetingId, TEST_PAIR_ID, TEST_USERS.aios.id);
  }
  return cookie;
}
