import { describe, expect, it } from "vitest";
import type { DocStore } from "../../db/doc-store";
import { anyone, collabCoreHarness } from "../../tests/support/collab-core";
import { eventually } from "../../tests/support/test-server";
import type { CollabExtension } from "./extension";

// The last-left hooks (the snapshotter's "Iedereen vertrok" version) run when the last person
// leaves a document, also when a server-side read or edit holds it at that moment: both
// people clicking "Versies" while a page loader reads the document must not lose that version.

const { startCore, client } = collabCoreHarness();

/** The core with a store whose writes can be held back, and recorders of who left. */
async function core() {
  let gate: Promise<void> | null = null;
  let writing: () => void = () => {};
  const holdable = (inner: DocStore): DocStore => ({
    load: (name) => inner.load(name),
    appendBatch: async (writes) => {
      writing();
      if (gate) await gate;
      return inner.appendBatch(writes);
    },
    compact: (name, compaction) => inner.compact(name, compaction),
    close: () => inner.close(),
  });
  const lastLeft: string[] = [];
  const disconnects: string[] = [];
  const recorder: CollabExtension = {
    name: "recorder",
    onLastLeft: (document) => void lastLeft.push(document.name),
    onDisconnect: (connection) => void disconnects.push(connection.docName),
  };
  const { collab, port } = await startCore([anyone, recorder], { store: holdable });
  /** Holds every write back until `release()`; `entered` resolves once one waits. */
  const holdWrites = () => {
    let open!: () => void;
    gate = new Promise<void>((resolve) => (open = resolve));
    const entered = new Promise<void>((resolve) => (writing = resolve));
    return {
      entered,
      release: () => {
        gate = null;
        open();
      },
    };
  };
  return { collab, port, lastLeft, disconnects, holdWrites };
}

describe("the last person leaving", () => {
  it("runs the last-left hooks once nobody is connected", async () => {
    const { port, lastLeft } = await core();
    const person = client(port, "doc");
    await person.synced;
    person.doc.getText("notes").insert(0, "eerste ");
    person.provider.destroy();
    await eventually(() => expect(lastLeft).toEqual(["doc"]));
  });

  it("runs them too when a server-side read holds the document as the last person leaves", async () => {
    const { collab, port, lastLeft, disconnects, holdWrites } = await core();
    const person = client(port, "doc");
    await person.synced;
    const writes = holdWrites();
    person.doc.getText("notes").insert(0, "eerste ");
    await writes.entered; // the change is being stored
    const read = collab.readDocument("doc", (doc) => doc.getText("notes").toString()); // waits for that store
    person.provider.destroy();
    await eventually(() => expect(disconnects).toEqual(["doc"]));
    expect(lastLeft).toEqual([]);
    writes.release();
    expect(await read).toBe("eerste ");
    await eventually(() => expect(lastLeft).toEqual(["doc"]));
  });
});
