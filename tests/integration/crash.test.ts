import { describe, expect, it } from "vitest";
import { runCrashRounds } from "../support/crash-round";
import { connectClient, eventually, startTestServer } from "../support/test-server";
import { meetingDocName } from "../../app/collab/protocol";

// CRASH_SEED=<n> replays a failing run (timing still varies; the kill moments and typing do not).
const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe("SIGKILL while clients type", () => {
  it("keeps every update the server had sent to a client, and the clients converge after reconnecting", async () => {
    const result = await runCrashRounds({ rounds: 3, seed });
    const replay = `crash seed ${seed} (rerun with CRASH_SEED=${seed})`;
    expect(result.failures, replay).toEqual([]);
    expect(result.rounds.flatMap((r) => r.lost), replay).toEqual([]);
    // The rounds really checked something: updates were broadcast before the kill.
    expect(result.updatesChecked, replay).toBeGreaterThan(0);
    // Three kills and four starts of a production server (and, on PostgreSQL, its database
    // checks): on two shared cores that takes longer than one test usually may.
  }, 90_000);
});

describe("typing while reconnecting after offline edits (found by the crash rounds)", () => {
  // A y-websocket client sends each keystroke as soon as its socket opens, before its sync
  // step 2 (its offline edits) reaches the server. The server used to close such a connection
  // with 4400, which the client treats as final; now it answers with its state vector and the
  // client's reply brings everything (server/collab/read-message.ts).
  it("keeps the connection and shares what is typed afterwards", async () => {
    const server = await startTestServer();
    const docName = meetingDocName("reconnect-typing");
    const a = connectClient(server, docName);
    const b = connectClient(server, docName);
    try {
      await Promise.all([a.synced, b.synced]);
      a.provider.disconnect();
      a.doc.getText("notes").insert(0, "offline ");
      const closes: number[] = [];
      a.provider.on("connection-close", (event) => event && closes.push(event.code));
      // A keystroke the moment the socket opens: sent before the server's sync step 1 is answered.
      a.provider.on("status", ({ status }) => status === "connected" && a.doc.getText("notes").insert(0, "x"));
      a.provider.connect();
      await a.synced;
      await eventually(() => expect(b.doc.getText("notes").toString()).toBe("xoffline "));
      a.doc.getText("notes").insert(0, "later ");
      await eventually(() => expect(b.doc.getText("notes").toString()).toBe("later xoffline "), 2000);
      expect(closes).toEqual([]);
    } finally {
      a.destroy();
      b.destroy();
      await server.close();
    }
  });
});
