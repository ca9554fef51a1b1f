import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { sql } from "kysely";
import { anyone, collabCoreHarness } from "../../tests/support/collab-core";
import { eventually } from "../../tests/support/test-server";
import { sqlRow } from "../../tests/support/test-database";
import type { StoredChange } from "./extension";

// What the core does with changes another instance stored (issue #16): applied and sent to
// its own connections without being stored again; one that builds on a lost change is held
// back until the document is read from the store again.

const { startCore, client } = collabCoreHarness();

/** The core with a recorder of what its afterStore hooks saw, and a count of the stored log rows. */
async function core() {
  const seen: StoredChange[] = [];
  const { collab, port, database } = await startCore([anyone, { name: "recorder", afterStore: (change) => void seen.push(change) }]);
  const rows = async () => Number((await sqlRow<{ n: number }>(database.db, sql`select count(*) as n from doc_updates`))!.n);
  return { collab, store: database.docStore, port, seen, rows };
}

/** Two updates of another instance's client, the second building on the first. */
function twoUpdates(): [Uint8Array, Uint8Array] {
  const elsewhere = new Y.Doc();
  const updates: Uint8Array[] = [];
  elsewhere.on("update", (u: Uint8Array) => updates.push(u));
  elsewhere.getText("notes").insert(0, "eerste ");
  elsewhere.getText("notes").insert(7, "tweede");
  return [updates[0]!, updates[1]!];
}

describe("changes another instance stored", () => {
  it("reach this instance's connections and hooks, and are not stored again", async () => {
    const { collab, store, port, seen, rows } = await core();
    const reader = client(port, "doc");
    await reader.synced;
    const [first] = twoUpdates();
    const [id] = await store.appendBatch([{ docName: "doc", update: first }]); // stored by "the other instance"
    expect(collab.applyStored("doc", first, id!)).toBe("applied");
    await eventually(() => expect(reader.doc.getText("notes").toString()).toBe("eerste "));
    await new Promise((r) => setTimeout(r, 50));
    expect(await rows()).toBe(1);
    const elsewhere = seen.filter((c) => c.kind === "storedElsewhere");
    expect(elsewhere.map((c) => [c.connection, c.logId, c.update === null])).toEqual([[null, id, false]]);
    expect(collab.applyStored("not-open", first, id!)).toBe("notOpen");
  });

  it("one that builds on a lost change waits until the document is read from the store", async () => {
    const { collab, store, port, rows } = await core();
    const reader = client(port, "doc");
    await reader.synced;
    const [first, second] = twoUpdates();
    const ids = await store.appendBatch([{ docName: "doc", update: first }, { docName: "doc", update: second }]);
    // The message with the first was lost; the second arrives.
    expect(collab.applyStored("doc", second, ids[1]!)).toBe("missing");
    await new Promise((r) => setTimeout(r, 100));
    expect(reader.doc.getText("notes").toString()).toBe("");
    await collab.refreshFromStore("doc");
    await eventually(() => expect(reader.doc.getText("notes").toString()).toBe("eerste tweede"));
    expect(await rows()).toBe(2);
    // Caught up: the next one applies again.
    const later = new Y.Doc();
    Y.applyUpdate(later, first);
    Y.applyUpdate(later, second);
    let third: Uint8Array | null = null;
    later.on("update", (u: Uint8Array) => (third = u));
    later.getText("notes").insert(13, "!");
    const [thirdId] = await store.appendBatch([{ docName: "doc", update: third! }]);
    expect(collab.applyStored("doc", third!, thirdId!)).toBe("applied");
    await eventually(() => expect(reader.doc.getText("notes").toString()).toBe("eerste tweede!"));
  });
});
