import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { KoersDatabase } from "./database";
import { storedDocumentAsDoc } from "./sqlite-doc-store";
import { openTestDatabase, refuseDocUpdates, sql, sqlRun, tempDatabase, TEST_DIALECT } from "../tests/support/test-database";

// The DocStore's promises, on the database of this run (SQLite or PostgreSQL, vitest.config.ts).

const opened: KoersDatabase[] = [];
afterEach(async () => {
  for (const database of opened.splice(0)) await database.close();
});

async function open(location: string) {
  const database = await openTestDatabase(location, { checkpointInWorker: true });
  opened.push(database);
  return { db: database.db, store: database.docStore };
}

/** A writer with its own Y.Doc: what one server instance holds of a document. */
function writer(clientID: number) {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const updates: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => updates.push(u));
  return {
    doc,
    type(text: string): Uint8Array {
      doc.getText("notes").insert(doc.getText("notes").length, text);
      return updates[updates.length - 1]!;
    },
  };
}

describe(`the DocStore (${TEST_DIALECT})`, () => {
  it("compaction deletes exactly the rows its state covers: a second writer's updates survive, states are merged", async () => {
    const location = tempDatabase();
    const { store: a } = await open(location);
    const { store: b } = await open(location); // a second writer of the same document (another instance)
    const one = writer(1);
    const two = writer(2);
    const [first] = await a.appendBatch([{ docName: "meeting-x", update: one.type("Eerste ") }]);
    const [theirs] = await b.appendBatch([{ docName: "meeting-x", update: two.type("Van de ander ") }]);
    const [second] = await a.appendBatch([{ docName: "meeting-x", update: one.type("Tweede ") }]);
    expect(theirs!).toBeGreaterThan(first!);
    expect(theirs!).toBeLessThan(second!);

    // A compacts what it holds (its own two updates): the other writer's row lies between them.
    await a.compact("meeting-x", { state: Y.encodeStateAsUpdate(one.doc), coveredIds: [first!, second!], basedOnVersion: 0 });
    let stored = await b.load("meeting-x");
    expect(stored.updateIds).toEqual([theirs]);
    // B compacts too, from the version it started with: merged, not overwritten.
    await b.compact("meeting-x", { state: Y.encodeStateAsUpdate(two.doc), coveredIds: [theirs!], basedOnVersion: 0 });
    stored = await a.load("meeting-x");
    expect(stored.updateIds).toEqual([]);
    expect(stored.stateVersion).toBe(2);
    const text = storedDocumentAsDoc(await a.load("meeting-x")).getText("notes").toString();
    for (const piece of ["Eerste ", "Tweede ", "Van de ander "]) expect(text).toContain(piece);
  });

  it("stores a batch across documents in one transaction: all of it, or nothing", async () => {
    const { db, store } = await open(tempDatabase());
    for (const id of ["user-1", "user-2"]) await sqlRun(db, sql`insert into users (id, name, email, password_hash) values (${id}, ${id}, ${`${id}@test.invalid`}, 'x')`);
    const w = writer(3);
    const ids = await store.appendBatch([
      { docName: "meeting-a", update: w.type("a") },
      { docName: "meeting-b", update: w.type("b"), newClientOwners: [[3, "user-1"]] },
      { docName: "meeting-a", update: null, newClientOwners: [[4, "user-2"]] },
    ]);
    expect(ids[0]).toBeLessThan(ids[1]!);
    expect(ids[2]).toBeNull();
    await refuseDocUpdates(db, "meeting-b");
    await expect(store.appendBatch([{ docName: "meeting-a", update: w.type("c") }, { docName: "meeting-b", update: w.type("d") }])).rejects.toThrow("disk full");
    const a = await store.load("meeting-a");
    expect(a.updates).toHaveLength(1); // "c" went with the failed batch
    expect(a.clientOwners).toEqual(new Map([[4, "user-2"]]));
    expect((await store.load("meeting-b")).clientOwners).toEqual(new Map([[3, "user-1"]]));
  });

  it("counts the bytes a document takes, state and log", async () => {
    const { store } = await open(tempDatabase());
    const w = writer(5);
    const update = w.type("x".repeat(1000));
    const [id] = await store.appendBatch([{ docName: "meeting-s", update }]);
    expect((await store.load("meeting-s")).bytes).toBe(update.length);
    const state = Y.encodeStateAsUpdate(w.doc);
    await store.compact("meeting-s", { state, coveredIds: [id!], basedOnVersion: 0 });
    expect((await store.load("meeting-s")).bytes).toBe(state.length);
  });
});
