import { afterEach, describe, expect, it } from "vitest";
import type { KoersDatabase } from "../../db/database";
import type { DocStore, DocWrite } from "../../db/doc-store";
import { openTestDatabase } from "../../tests/support/test-database";
import { WriteQueue } from "./write-queue";

const opened: KoersDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});

/** The real store of this run's database, with every batch it is asked to store recorded. */
async function recordingStore(delayMs = 0): Promise<{ store: DocStore; batches: DocWrite[][] }> {
  const db = await openTestDatabase();
  opened.push(db);
  const real = db.docStore;
  const batches: DocWrite[][] = [];
  const store: DocStore = {
    load: (name) => real.load(name),
    compact: (name, c) => real.compact(name, c),
    close: () => real.close(),
    appendBatch: async (writes) => {
      batches.push([...writes]);
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs)); // like a database over the network
      return real.appendBatch(writes);
    },
  };
  return { store, batches };
}

const write = (docName: string, text: string): { write: DocWrite; text: string } => ({ write: { docName, update: new TextEncoder().encode(text) }, text });

describe("the write queue", () => {
  it("stores everything accepted in one event-loop turn, across documents, in one transaction, then says so in order", async () => {
    const { store, batches } = await recordingStore();
    const committed: string[] = [];
    const queue = new WriteQueue<{ write: DocWrite; text: string }>(store, {
      committed: (items) => committed.push(...items.map((i) => i.text)),
      failed: () => {},
      afterCommitError: () => {},
    });
    for (let i = 0; i < 50; i++) queue.add(write(`meeting-${i % 7}`, `u${i}`));
    expect(committed).toEqual([]); // nothing is confirmed before it is stored
    await queue.drain();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(50);
    expect(committed).toEqual(Array.from({ length: 50 }, (_, i) => `u${i}`));
    queue.add(write("meeting-1", "next turn"));
    await queue.drain();
    expect(batches).toHaveLength(2);
  });

  it("with a slow store, what arrives while a batch is in flight is the next batch, stored after it", async () => {
    const { store, batches } = await recordingStore(30);
    const committed: string[] = [];
    const queue = new WriteQueue<{ write: DocWrite; text: string }>(store, {
      committed: (items) => committed.push(...items.map((i) => i.text)),
      failed: () => {},
      afterCommitError: () => {},
    });
    queue.add(write("meeting-a", "first"));
    await new Promise((r) => setTimeout(r, 5)); // the first batch is in flight now
    queue.add(write("meeting-a", "second"));
    queue.add(write("meeting-b", "third"));
    await queue.drain();
    expect(batches.map((b) => b.length)).toEqual([1, 2]);
    expect(committed).toEqual(["first", "second", "third"]);
  });

  it("reports a failed batch and confirms none of it", async () => {
    const { store } = await recordingStore();
    const failed: string[] = [];
    const committed: string[] = [];
    const queue = new WriteQueue<{ write: DocWrite; text: string }>(
      { ...store, appendBatch: async () => Promise.reject(new Error("disk full")) },
      { committed: (items) => committed.push(...items.map((i) => i.text)), failed: (items) => failed.push(...items.map((i) => i.text)), afterCommitError: () => {} },
    );
    queue.add(write("meeting-a", "x"));
    queue.add(write("meeting-b", "y"));
    await queue.drain();
    expect(failed).toEqual(["x", "y"]);
    expect(committed).toEqual([]);
  });
});
