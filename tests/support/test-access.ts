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
/** Meetings created per server (memberCookie refuses a meeting document whose meeting was not seeded). */
const seeded = new WeakMap<KoersServer, Set<string>>();

/** Creates the test pair (once per database) and a session cookie for each member. */
export async function seedTestPair(server: KoersServer): Promise<void> {
  const { db, sessionCookie } = server.services;
  for (const [role, user] of Object.entries(TEST_USERS)) {
    await db
      .insertInto("users")
      .values({ id: user.id, name: user.name, email: `${role}@test.invalid`, password_hash: "not-a-login" })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  await db
    .insertInto("pairs")
    .values({ id: TEST_PAIR_ID, practice_name: "Testpraktijk", training_year: 1, starts_on: "2026-09-01", ends_on: "2027-08-31", created_by: TEST_USERS.aios.id })
    .onConflict((oc) => oc.doNothing())
    .execute();
  for (const [role, user] of Object.entries(TEST_USERS)) {
    await db
      .insertInto("pair_members")
      .values({ pair_id: TEST_PAIR_ID, user_id: user.id, role: role as Role })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const result = {} as Record<Role, string>;
  for (const role of ["aios", "opleider"] as const) {
    const token = await startSession(server.services, TEST_USERS[role].id);
    result[role] = cookiePair(await sessionCookie.serialize(token));
  }
  cookies.set(server, result);
  seeded.set(server, new Set());
}

/** The `name=value` part of a Set-Cookie header, as a browser would send it back. */
export function cookiePair(setCookie: string): string {
  return setCookie.split(";")[0]!;
}

/**
 * Creates the meeting a document name refers to (a meeting of the test pair) unless it
 * exists. Other names (not a document name, "none") need nothing.
 */
export async function seedMeeting(server: KoersServer, docName: string): Promise<void> {
  const meetingId = parseDocName(docName)?.meetingId;
  if (!meetingId) return;
  await server.services.db
    .insertInto("meetings")
    .values({ id: meetingId, pair_id: TEST_PAIR_ID, kind: "taakgericht", scheduled_at: "2026-11-24T13:00", created_by: TEST_USERS.aios.id })
    .onConflict((oc) => oc.doNothing())
    .execute();
  seeded.get(server)?.add(meetingId);
}

/**
 * The Cookie header of a test-pair member. For a document of a meeting, seed the meeting
 * first (`await seedMeeting`): a meeting that does not exist is refused with 404.
 */
export function memberCookie(server: KoersServer, docName: string, role: Role = "aios", options: { seeded?: boolean } = {}): string {
  const cookie = cookies.get(server)?.[role];
  if (!cookie) throw new Error("start the server with startTestServer (it seeds the test pair)");
  const parsed = parseDocName(docName);
  if (parsed && options.seeded !== false && !seeded.get(server)?.has(parsed.meetingId)) {
    throw new Error(`the meeting of ${docName} was not seeded: await seedMeeting(server, docName) first`);
  }
  return cookie;
}
