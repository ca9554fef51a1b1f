// The fuzz scenario both the Vitest test and scripts/fuzz.ts run: normal clients write,
// a fuzzer sends broken messages, then we check what a user would notice.
import type * as Y from "yjs";
import { connectClient, eventually, startTestServer, tempDatabase, type TestClient } from "./test-server";
import { runFuzz, type FuzzResult } from "./fuzz";
import { memberCookie, seedMeeting } from "./test-access";
import { meetingDocName } from "../../app/collab/protocol";
import type { KoersServer } from "../../server/koers-server";

export interface FuzzScenarioResult extends FuzzResult {
  /** What went wrong for a user; empty when everything held. */
  failures: string[];
}

const notes = (c: TestClient) => c.doc.getText("notes").toString();
const agenda = (c: TestClient) => c.doc.getText("agenda").toString();
/** Structs or deletions a document holds but cannot integrate (a server sends them along in its sync). */
const hasPending = (doc: Y.Doc) => doc.store.pendingStructs !== null || doc.store.pendingDs !== null;

async function connected(server: KoersServer, docName: string, clients: TestClient[]): Promise<TestClient> {
  const client = connectClient(server, docName);
  clients.push(client);
  await client.synced;
  return client;
}

/** Starts a server, fuzzes it with `count` messages and checks normal clients and stored documents. */
export async function runFuzzScenario(options: {
  count: number;
  seed: number;
  onProgress?: (sent: number) => void;
}): Promise<FuzzScenarioResult> {
  const databasePath = tempDatabase();
  const live = meetingDocName(`live-${options.seed}`);
  const stored = meetingDocName(`stored-${options.seed}`);
  const failures: string[] = [];
  const check = (ok: boolean, what: string) => ok || failures.push(what);
  const clients: TestClient[] = [];
  // The fuzzer is one script with one session on 32 connections: the per-session, per-account
  // and per-document limits (yjs-limits.test.ts) are raised, so what it reaches is validation.
  const limits = { yjsLimits: { connectionsPerSession: 1000, writeBudget: { bytes: 2 ** 40, windowMs: 60_000 }, maxDocumentBytes: 2 ** 40 } };
  let server = await startTestServer(databasePath, 0, limits);
  let result: FuzzResult | undefined;
  try {
    // A document written and closed before the fuzzing: it must come out unchanged.
    const writer = await connected(server, stored, clients);
    writer.doc.getText("notes").insert(0, "Stored notes: afspraken over de SOEP-verslagen.");
    writer.doc.getText("agenda").insert(0, "1. Terugblik\n2. Leerdoelen");
    const echo = await connected(server, stored, clients);
    await eventually(() => {
      if (notes(echo) !== notes(writer) || agenda(echo) !== agenda(writer)) throw new Error("not yet stored");
    });
    const storedNotes = notes(writer);
    const storedAgenda = agenda(writer);
    writer.destroy();
    echo.destroy();

    // A client on the fuzzed document keeps typing while the fuzzer runs.
    const before = await connected(server, live, clients);
    let expected = "";
    const type = (c: TestClient, text: string) => {
      c.doc.getText("notes").insert(c.doc.getText("notes").length, text);
      expected += text;
    };
    type(before, "before ");
    let typed = 0;
    const typing = setInterval(() => type(before, `k${typed++} `), 50);
    const otherDocs = [0, 1, 2].map((i) => meetingDocName(`fuzz-${options.seed}-${i}`));
    try {
      const docNames = [live, live, stored, ...otherDocs];
      for (const name of docNames) await seedMeeting(server, name);
      const cookie = memberCookie(server, docNames[0]!);
      result = await runFuzz({ port: server.port, docNames, cookie, ...options });
    } finally {
      clearInterval(typing);
    }
    check(result.hangs === 0, `${result.hangs} messages got neither an answer nor a close`);
    check(result.unexpectedErrors === 0, `${result.unexpectedErrors} messages passed validation but failed to apply`);
    const health = await fetch(`http://127.0.0.1:${server.port}/healthz`).catch(() => null);
    check(health?.status === 200, "the server stopped answering /healthz");

    // A client joining after the fuzzing syncs with the one that was there all along.
    const after = await connected(server, live, clients);
    type(after, "after ");
    // Typed one after the other, so the expected order is known.
    await eventually(() => {
      if (!notes(before).endsWith("after ")) throw new Error("not yet received");
    }).catch(() => {});
    type(before, "and before again");
    const converged = await eventually(() => {
      if (notes(before) !== expected || notes(after) !== expected) throw new Error("not converged");
    }).then(() => true, () => false);
    check(converged, `live notes diverged: before=${JSON.stringify(notes(before))} after=${JSON.stringify(notes(after))} expected=${JSON.stringify(expected)}`);
    check(!hasPending(after.doc), "the live document holds updates it cannot apply");

    const reread = await connected(server, stored, clients);
    check(notes(reread) === storedNotes && agenda(reread) === storedAgenda, "the stored document changed");
    check(!hasPending(reread.doc), "the stored document holds updates it cannot apply");
    for (const c of clients.splice(0)) c.destroy();

    // What is in SQLite loads whole, and is what the normal clients wrote.
    await server.close();
    server = await startTestServer(databasePath, 0, limits);
    const liveAgain = await connected(server, live, clients);
    const storedAgain = await connected(server, stored, clients);
    check(notes(liveAgain) === expected, "the live document lost or gained text across a restart");
    check(notes(storedAgain) === storedNotes && agenda(storedAgain) === storedAgenda, "the stored document changed across a restart");
    check(!hasPending(liveAgain.doc) && !hasPending(storedAgain.doc), "a reloaded document holds updates it cannot apply");
  } finally {
    for (const c of clients) c.destroy();
    await server.close();
  }
  return { ...result!, failures };
}
