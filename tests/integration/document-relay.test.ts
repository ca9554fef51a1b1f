import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { CloseCode, meetingDocName } from "../../app/collab/protocol";
import { logIn, AccountError } from "../../app/auth/accounts.server";
import { deleteSession } from "../../db/sessions";
import { sessionKey } from "../../app/auth/session.server";
import { memberCookie, TEST_USERS } from "../support/test-access";
import { COMPACT_AFTER_UPDATES } from "../../server/collab/shared-doc";
import type { KoersServer } from "../../server/koers-server";
import type { SnapshotReason } from "../../db/schema";
import { startRedisServer, type RedisServer } from "../support/redis-server";
import { connectClient, eventually, SCRIPTED_BURST_RATE, startTestServer, tempDatabase, type TestClient } from "../support/test-server";

// Issue #16, the pieces behind the two-instance tests, with both instances in this process
// (one SQLite file, one real redis-server) so that each piece can be driven exactly: one
// compaction at a time, catching up after lost messages, one snapshot per interval, the
// write budget and the login limits over both instances.

let redis: RedisServer;
const servers: KoersServer[] = [];
const clients: TestClient[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close();
});
afterAll(async () => {
  await redis.stop();
});

type TestOptions = NonNullable<Parameters<typeof startTestServer>[2]>;

/** Two instances on one SQLite file and the test Redis. */
async function twoInstances(options: TestOptions = {}): Promise<[KoersServer, KoersServer, string]> {
  const databasePath = tempDatabase();
  const a = await startTestServer(databasePath, 0, { redisUrl: redis.url, ...options });
  servers.push(a);
  const b = await startTestServer(databasePath, 0, { redisUrl: redis.url, ...options });
  servers.push(b);
  return [a, b, databasePath];
}

function client(server: KoersServer, docName: string, role: "aios" | "opleider" = "aios"): TestClient {
  const c = connectClient(server, docName, role);
  clients.push(c);
  return c;
}

const closeCodes = (c: TestClient) => {
  const codes: number[] = [];
  c.provider.on("connection-close", (event) => event && codes.push(event.code));
  return codes;
};

describe("starting with REDIS_URL", () => {
  it("fails at once, naming REDIS_URL, when Redis cannot be reached", async () => {
    const started = Date.now();
    await expect(startTestServer(tempDatabase(), 0, { redisUrl: "redis://127.0.0.1:1" })).rejects.toThrow(/REDIS_URL \(redis:\/\/127\.0\.0\.1:1\/?\) cannot be reached/);
    expect(Date.now() - started).toBeLessThan(8000);
  });
});

describe("compaction with two instances", () => {
  it("runs on one instance; the other drops the rows it covered; nothing is lost", async () => {
    const [a, b, databasePath] = await twoInstances({ yjsMessageRate: SCRIPTED_BURST_RATE });
    const docName = meetingDocName("compacted-once");
    const writer = client(a, docName);
    const watcher = client(b, docName, "opleider");
    await Promise.all([writer.synced, watcher.synced]);
    const total = COMPACT_AFTER_UPDATES + 100;
    for (let i = 0; i < total; i++) writer.doc.getText("notes").insert(i, String(i % 10));
    await eventually(() => expect(watcher.doc.getText("notes").length).toBe(total), 10_000);
    await new Promise((r) => setTimeout(r, 300));
    // Instance 2 gets writes of its own too: it would compact its 500+ rows as well if it had not heard of instance 1's compaction.
    for (let i = 0; i < 5; i++) watcher.doc.getText("notes").insert(0, "w");
    await eventually(() => expect(writer.doc.getText("notes").length).toBe(total + 5));
    await new Promise((r) => setTimeout(r, 300));
    // Both instances held 500+ logged rows of the document; one state was stored, once.
    const state = await a.services.db.selectFrom("doc_states").select("version").where("doc_name", "=", docName).executeTakeFirst();
    expect(state?.version).toBe(1);
    const logged = await a.services.db.selectFrom("doc_updates").select((eb) => eb.fn.countAll<number>().as("n")).where("doc_name", "=", docName).executeTakeFirstOrThrow();
    expect(Number(logged.n)).toBeLessThan(COMPACT_AFTER_UPDATES);

    for (const c of clients.splice(0)) c.destroy();
    for (const s of servers.splice(0)) await s.close();
    const fresh = await startTestServer(databasePath);
    servers.push(fresh);
    const reader = client(fresh, docName);
    await reader.synced;
    expect(reader.doc.getText("notes").toString()).toBe("wwwww" + Array.from({ length: total }, (_, i) => String(i % 10)).join(""));
  });
});

describe("messages lost while Redis was away", () => {
  it("are read back from the database once the subscriber is back", async () => {
    const [a, b] = await twoInstances();
    const docName = meetingDocName("lost-message");
    const writer = client(a, docName);
    const reader = client(b, docName, "opleider");
    await Promise.all([writer.synced, reader.synced]);
    writer.doc.getText("notes").insert(0, "voor ");
    await eventually(() => expect(reader.doc.getText("notes").toString()).toBe("voor "));

    // Cut every subscriber connection: what is published in the next moments reaches nobody.
    const admin = new Redis(redis.url);
    try {
      await admin.client("KILL", "TYPE", "pubsub");
    } finally {
      admin.disconnect();
    }
    writer.doc.getText("notes").insert(5, "tijdens");
    // One change only: nothing later builds on it, so only the reconnect can bring it.
    await eventually(() => expect(reader.doc.getText("notes").toString()).toBe("voor tijdens"), 10_000);
  });

  it("that an instance stored while the others could not hear it reach them once it falls silent", async () => {
    const [a, b] = await twoInstances();
    const docName = meetingDocName("silent-instance");
    const writer = client(a, docName);
    const reader = client(b, docName, "opleider");
    await Promise.all([writer.synced, reader.synced]);
    writer.doc.getText("notes").insert(0, "!");
    await eventually(() => expect(reader.doc.getText("notes").toString()).toBe("!"));
    const admin = new Redis(redis.url);
    try {
      // Redis holds every PUBLISH back (as if instance 1 had died between storing and relaying): no
      // update and no heartbeat gets through. Instance 2 notices the silence and reads the document.
      await admin.client("PAUSE", 12_000, "WRITE");
      writer.doc.getText("notes").insert(0, "opgeslagen, niet doorgegeven");
      await eventually(() => expect(reader.doc.getText("notes").toString()).toBe("opgeslagen, niet doorgegeven!"), 11_000);
    } finally {
      await admin.client("UNPAUSE");
      admin.disconnect();
    }
  }, 20_000);

  it("a session ended meanwhile still closes its connections on the instance that missed it", async () => {
    const [a, b] = await twoInstances();
    const docName = meetingDocName("missed-logout");
    const onB = client(b, docName);
    const codes = closeCodes(onB);
    await onB.synced;
    const token = (await b.services.sessionCookie.parse(memberCookie(b, docName, "aios"))) as string;
    const admin = new Redis(redis.url);
    try {
      await admin.client("KILL", "TYPE", "pubsub");
    } finally {
      admin.disconnect();
    }
    // Logged out on instance 1 while instance 2's subscriber is away: the announcement is lost.
    await deleteSession(a.services.db, sessionKey(token));
    a.services.closeSessions({ userId: TEST_USERS.aios.id, onlySession: sessionKey(token) });
    await eventually(() => expect(codes).toContain(CloseCode.sessionEnded), 10_000);
  });
});

describe("history with two instances", () => {
  it("takes one interval snapshot per interval, and the last-left one when the meeting's last person leaves", async () => {
    const intervalMs = 400;
    const [a, b] = await twoInstances({ snapshotIntervalMs: intervalMs });
    const meetingId = "two-snapshotters";
    const docName = meetingDocName(meetingId);
    const onA = client(a, docName);
    const onB = client(b, docName, "opleider");
    await Promise.all([onA.synced, onB.synced]);
    const count = async (reason: SnapshotReason) => {
      const row = await a.services.db
        .selectFrom("snapshots")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("meeting_id", "=", meetingId)
        .where("reason", "=", reason)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };

    // Both type for five intervals, each on their own instance.
    const started = Date.now();
    while (Date.now() - started < 5 * intervalMs) {
      onA.doc.getText("notes").insert(0, "a");
      onB.doc.getText("notes").insert(0, "b");
      await new Promise((r) => setTimeout(r, 40));
    }
    await new Promise((r) => setTimeout(r, intervalMs));
    const intervals = await count("interval");
    expect(intervals).toBeGreaterThanOrEqual(3);
    // Two snapshotters without a lock would take one each per interval (about 10).
    expect(intervals).toBeLessThanOrEqual(7);

    // The opleider types and leaves instance 2 while the aios is still on instance 1: not the last one out.
    onB.doc.getText("notes").insert(0, "tot ziens");
    await eventually(() => expect(onA.doc.getText("notes").toString()).toContain("tot ziens"));
    onB.destroy();
    await new Promise((r) => setTimeout(r, 500));
    expect(await count("lastLeft")).toBe(0);
    // The aios is the last one out of the meeting: now it is kept.
    onA.doc.getText("notes").insert(0, "klaar");
    onA.destroy();
    await eventually(async () => expect(await count("lastLeft")).toBe(1));
  });
});

describe("limits over two instances", () => {
  it("the write budget of an account counts what it sends to every instance", async () => {
    const [a, b] = await twoInstances({ yjsLimits: { writeBudget: { bytes: 64 * 1024, windowMs: 60_000 } } });
    const docName = meetingDocName("budget");
    const onA = client(a, docName);
    const onB = client(b, docName);
    const codesB = closeCodes(onB);
    await Promise.all([onA.synced, onB.synced]);
    onA.doc.getText("notes").insert(0, "x".repeat(40 * 1024));
    await eventually(() => expect(onB.doc.getText("notes").length).toBe(40 * 1024));
    // Instance 2 has not been told of that yet when this arrives: it goes through (the one round trip of overshoot)…
    onB.doc.getText("notes").insert(0, "y".repeat(30 * 1024));
    await new Promise((r) => setTimeout(r, 300));
    // …and from then on it knows what is left for the account everywhere.
    onB.doc.getText("notes").insert(0, "z".repeat(2 * 1024));
    await eventually(() => expect(codesB).toContain(CloseCode.writeBudgetExceeded));
  });

  it("forty password guesses spread over two instances check at most five", async () => {
    const [a, b] = await twoInstances();
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        logIn((i % 2 ? a : b).services, { email: "aios@test.invalid", password: `gok-${i}`, ip: `10.1.0.${i}` }).then(
          () => "ok",
          (error: unknown) => (error instanceof AccountError ? error.problem : String(error)),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === "wrongCredentials")).toHaveLength(5);
    expect(outcomes.filter((o) => o === "tooManyAttempts")).toHaveLength(35);
  });
});
