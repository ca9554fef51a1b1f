import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { joinBackward, splitBlock } from "@tiptap/pm/commands";
import { splitListItem } from "@tiptap/pm/schema-list";
import { prosemirrorJSONToYXmlFragment, ySyncPluginKey } from "@tiptap/y-tiptap";
import { koersSchema } from "./extensions";
import { watchConcurrentSplits } from "./concurrent-split-repair";
import { findDuplicatedCopies, repairConcurrentSplits } from "./split-repair";
import { MOVED_TEXT_MAP } from "./moved-text";
import { converge, exchange, HeadlessEditor, storedLines } from "../../tests/support/headless-editor";

// Two (or three) people with the same document, each with the browser's editor binding
// (y-prosemirror's own diffing, headless) and the repair watcher; their changes are
// exchanged only after both have acted, as when both press Enter within the same moment.

const SENTENCE = "Eerst de agenda, dan de notities, tot slot de afspraken.";
const AFTER_AGENDA = "Eerst de agenda, ".length;
const AFTER_NOTES = "Eerst de agenda, dan de notities, ".length;

type Block = { type: string; attrs?: Record<string, unknown>; content?: Block[]; text?: string };
const paragraph = (text: string): Block => ({ type: "paragraph", content: [{ type: "text", text }] });

/** Peers with fixed client ids (Yjs orders concurrent inserts at one place by client id). */
function peers(clientIds: number[], content: Block[], field = "notes") {
  const seed = new Y.Doc();
  seed.clientID = 1000;
  prosemirrorJSONToYXmlFragment(koersSchema(), { type: "doc", content }, seed.getXmlFragment(field));
  return clientIds.map((clientID) => {
    const doc = new Y.Doc();
    doc.clientID = clientID;
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(seed));
    const stop = watchConcurrentSplits(doc);
    return { doc, editor: new HeadlessEditor(doc, field), stop };
  });
}

const stops: Array<() => void> = [];
function stopsAfter(stop: () => void) {
  stops.push(stop);
}
afterEach(() => stops.splice(0).forEach((stop) => stop()));

function pressEnter(editor: HeadlessEditor, block: number, offset: number) {
  editor.caretAt(block, offset);
  expect(editor.run(splitBlock)).toBe(true);
}

/** What a reload shows: a fresh doc from the stored state. */
function reloaded(doc: Y.Doc, field = "notes"): string[] {
  const fresh = new Y.Doc();
  Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc));
  return storedLines(fresh, field);
}

function occurrences(lines: string[], text: string): number {
  return lines.join("\n").split(text).length - 1;
}

describe("two people press Enter in the same sentence at once", () => {
  it("at different places: each part of the sentence is there once, in reading order, on both screens and after a reload", async () => {
    // The person with the lower client id splits first in the sentence: Yjs puts that new
    // paragraph first, and both splits survive.
    const [a, b] = peers([1, 2], [paragraph(SENTENCE)]);
    pressEnter(a!.editor, 0, AFTER_AGENDA);
    pressEnter(b!.editor, 0, AFTER_NOTES);
    await converge(a!.doc, b!.doc);
    const expected = ["Eerst de agenda, ", "dan de notities, ", "tot slot de afspraken."];
    expect(a!.editor.lines()).toEqual(expected);
    expect(b!.editor.lines()).toEqual(expected);
    expect(reloaded(a!.doc)).toEqual(expected);
  });

  it("at different places, the new paragraphs in the other order: the text stays once and in order, one break becomes an empty line", async () => {
    const [a, b] = peers([2, 1], [paragraph(SENTENCE)]);
    pressEnter(a!.editor, 0, AFTER_AGENDA);
    pressEnter(b!.editor, 0, AFTER_NOTES);
    await converge(a!.doc, b!.doc);
    const expected = ["Eerst de agenda, ", "", "dan de notities, tot slot de afspraken."];
    expect(a!.editor.lines()).toEqual(expected);
    expect(b!.editor.lines()).toEqual(expected);
    expect(reloaded(b!.doc)).toEqual(expected);
  });

  it("at the same place: the rest of the sentence is there once, after an empty line (two Enters)", async () => {
    for (const ids of [[1, 2], [2, 1]]) {
      const [a, b] = peers(ids, [paragraph(SENTENCE)]);
      pressEnter(a!.editor, 0, AFTER_NOTES);
      pressEnter(b!.editor, 0, AFTER_NOTES);
      await converge(a!.doc, b!.doc);
      for (const lines of [a!.editor.lines(), b!.editor.lines(), reloaded(a!.doc)]) {
        expect(lines.filter((line) => line !== "")).toEqual(["Eerst de agenda, dan de notities, ", "tot slot de afspraken."]);
        expect(lines).toHaveLength(3);
      }
    }
  });

  it("three people at once: every character once, in reading order", async () => {
    for (const ids of [[1, 2, 3], [3, 2, 1], [2, 3, 1]]) {
      const [a, b, c] = peers(ids, [paragraph(SENTENCE)]);
      pressEnter(a!.editor, 0, 6);
      pressEnter(b!.editor, 0, AFTER_AGENDA);
      pressEnter(c!.editor, 0, AFTER_NOTES);
      await converge(a!.doc, b!.doc, c!.doc);
      const lines = a!.editor.lines();
      expect(lines.join("")).toBe(SENTENCE);
      expect(lines).toHaveLength(4);
      expect(b!.editor.lines()).toEqual(lines);
      expect(c!.editor.lines()).toEqual(lines);
    }
  });

  it("what someone types right after pressing Enter is kept", async () => {
    const [a, b] = peers([1, 2], [paragraph(SENTENCE)]);
    pressEnter(a!.editor, 0, AFTER_AGENDA);
    pressEnter(b!.editor, 0, AFTER_NOTES);
    b!.editor.type("En: ");
    await converge(a!.doc, b!.doc);
    expect(a!.editor.lines()).toEqual(["Eerst de agenda, ", "dan de notities, ", "En: tot slot de afspraken."]);

    const [c, d] = peers([2, 1], [paragraph(SENTENCE)]);
    pressEnter(c!.editor, 0, AFTER_AGENDA);
    pressEnter(d!.editor, 0, AFTER_NOTES);
    d!.editor.type("En: ");
    await converge(c!.doc, d!.doc);
    // d's paragraph lost the copied text, not what d typed.
    expect(c!.editor.lines()).toEqual(["Eerst de agenda, ", "En: ", "dan de notities, tot slot de afspraken."]);
  });

  it("one person presses Enter twice while offline, the other once: the sentence is there once", async () => {
    const [a, b] = peers([1, 2], [paragraph(SENTENCE)]);
    pressEnter(a!.editor, 0, 6); // "Eerst " | "de agenda, dan de notities, tot slot de afspraken."
    pressEnter(a!.editor, 1, "de agenda, dan de notities, ".length); // the tail moved again
    pressEnter(b!.editor, 0, AFTER_AGENDA);
    await converge(a!.doc, b!.doc);
    const lines = a!.editor.lines();
    expect(lines.join("")).toBe(SENTENCE);
    expect(occurrences(lines, "tot slot de afspraken.")).toBe(1);
    expect(b!.editor.lines()).toEqual(lines);
    expect(reloaded(b!.doc)).toEqual(lines);
  });

  it("in a bullet list and in an agenda item as well", async () => {
    const list: Block = { type: "bulletList", content: [{ type: "listItem", content: [paragraph(SENTENCE)] }] };
    const [a, b] = peers([2, 1], [list]);
    for (const [editor, offset] of [[a!.editor, AFTER_AGENDA], [b!.editor, AFTER_NOTES]] as const) {
      editor.caretAt(0, offset);
      expect(editor.run(splitListItem(koersSchema().nodes.listItem!))).toBe(true);
    }
    await converge(a!.doc, b!.doc);
    expect(a!.editor.lines().join("")).toBe(SENTENCE);
    expect(occurrences(a!.editor.lines(), "tot slot")).toBe(1);

    const item: Block = { type: "agendaItem", attrs: { id: "punt-1" }, content: [{ type: "text", text: SENTENCE }] };
    const [c, d] = peers([1, 2], [item], "agenda");
    pressEnter(c!.editor, 0, AFTER_AGENDA);
    pressEnter(d!.editor, 0, AFTER_NOTES);
    await converge(c!.doc, d!.doc);
    expect(c!.editor.lines()).toEqual(["Eerst de agenda, ", "dan de notities, ", "tot slot de afspraken."]);
  });

  it("both press Backspace at the start of the same paragraph: the joined text is there once", async () => {
    const [a, b] = peers([2, 1], [paragraph("Eerst de agenda, "), paragraph("dan de notities.")]);
    for (const editor of [a!.editor, b!.editor]) {
      editor.caretAt(1, 0);
      expect(editor.run(joinBackward)).toBe(true);
    }
    await converge(a!.doc, b!.doc);
    expect(a!.editor.lines()).toEqual(["Eerst de agenda, dan de notities."]);
    expect(b!.editor.lines()).toEqual(["Eerst de agenda, dan de notities."]);
  });
});

describe("undoing one's own Enter after both pressed it at once", () => {
  /** The undo history of the browser's editor (y-prosemirror's yUndoPlugin tracks the sync plugin's changes). */
  const undoManager = (doc: Y.Doc) => new Y.UndoManager(doc.getXmlFragment("notes"), { trackedOrigins: new Set([ySyncPluginKey]) });

  // [client ids, who undoes, what both then read]
  const cases: Array<[number[], "first" | "second", string[]]> = [
    // Both breaks had survived; the first one's is taken back.
    [[1, 2], "first", ["Eerst de agenda, dan de notities, ", "tot slot de afspraken."]],
    // Only the first break had survived (the second left an empty line): the empty line goes.
    [[2, 1], "second", ["Eerst de agenda, ", "dan de notities, tot slot de afspraken."]],
    [[2, 1], "first", ["Eerst de agenda, dan de notities, tot slot de afspraken.", ""]],
  ];
  for (const [ids, who, expected] of cases) {
    it(`puts the text back once (client ids ${ids.join(", ")}, the ${who} undoes)`, async () => {
      const [a, b] = peers(ids, [paragraph(SENTENCE)]);
      const undo = { first: undoManager(a!.doc), second: undoManager(b!.doc) };
      pressEnter(a!.editor, 0, AFTER_AGENDA);
      pressEnter(b!.editor, 0, AFTER_NOTES);
      await converge(a!.doc, b!.doc);
      undo[who].undo();
      await converge(a!.doc, b!.doc);
      expect(a!.editor.lines()).toEqual(expected);
      expect(b!.editor.lines()).toEqual(expected);
    });
  }

  it("the one case the repair cannot put in order still shows every word once", async () => {
    // The second person's break was the one that survived; taking it back puts the end of the
    // sentence where it was, but the middle now lives in the other paragraph.
    const [a, b] = peers([1, 2], [paragraph(SENTENCE)]);
    const undo = undoManager(b!.doc);
    pressEnter(a!.editor, 0, AFTER_AGENDA);
    pressEnter(b!.editor, 0, AFTER_NOTES);
    await converge(a!.doc, b!.doc);
    undo.undo();
    await converge(a!.doc, b!.doc);
    expect(a!.editor.lines()).toEqual(["Eerst de agenda, tot slot de afspraken.", "dan de notities, "]);
    // And redo brings back what was there before the undo.
    undo.redo();
    await converge(a!.doc, b!.doc);
    expect(a!.editor.lines()).toEqual(["Eerst de agenda, ", "dan de notities, ", "tot slot de afspraken."]);
    expect(b!.editor.lines()).toEqual(a!.editor.lines());
  });
});

describe("the repair removes only what was moved twice", () => {
  it("text that someone really typed twice stays twice", async () => {
    const [a, b] = peers([1, 2], [paragraph(SENTENCE)]);
    // b splits off the last words; a, at the same time, types those same words again at the end.
    pressEnter(b!.editor, 0, AFTER_NOTES);
    a!.editor.caretAt(0, SENTENCE.length);
    a!.editor.run(splitBlock);
    a!.editor.type("tot slot de afspraken.");
    await converge(a!.doc, b!.doc);
    expect(occurrences(a!.editor.lines(), "tot slot de afspraken.")).toBe(2);
    expect(b!.editor.lines()).toEqual(a!.editor.lines());
  });

  it("repairs made independently on each peer (and on a server's copy) are the same deletions", async () => {
    const [a, b] = peers([2, 1], [paragraph(SENTENCE)]);
    pressEnter(a!.editor, 0, AFTER_AGENDA);
    pressEnter(b!.editor, 0, AFTER_NOTES);
    a!.stop();
    b!.stop();
    exchange(a!.doc, b!.doc);
    const server = new Y.Doc();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(a!.doc));
    const found = findDuplicatedCopies(a!.doc);
    expect(found.ranges.length).toBeGreaterThan(0);
    expect(findDuplicatedCopies(b!.doc)).toEqual(found);
    expect(findDuplicatedCopies(server)).toEqual(found);
    for (const doc of [a!.doc, b!.doc, server]) expect(repairConcurrentSplits(doc).deleted).toBe("dan de notities, tot slot de afspraken.".length - "dan de notities, ".length);
    // Nothing new was created: the three are equal without exchanging anything, and a second repair does nothing.
    expect(Y.equalSnapshots(Y.snapshot(a!.doc), Y.snapshot(b!.doc))).toBe(true);
    expect(Y.equalSnapshots(Y.snapshot(a!.doc), Y.snapshot(server))).toBe(true);
    expect(repairConcurrentSplits(a!.doc).deleted).toBe(0);
    expect(storedLines(server).join("")).toBe(SENTENCE);
  });

  it("a peer without the watcher (a standard client) gets the repair from the other", async () => {
    const [a, b] = peers([2, 1], [paragraph(SENTENCE)]);
    b!.stop();
    pressEnter(a!.editor, 0, AFTER_AGENDA);
    pressEnter(b!.editor, 0, AFTER_NOTES);
    await converge(a!.doc, b!.doc);
    // b recorded nothing, so only a's move is known: no duplicate can be recognised.
    expect(occurrences(b!.editor.lines(), "tot slot de afspraken.")).toBe(2);

    const [c, d] = peers([2, 1], [paragraph(SENTENCE)]);
    pressEnter(c!.editor, 0, AFTER_AGENDA);
    pressEnter(d!.editor, 0, AFTER_NOTES);
    d!.stop(); // d recorded its move, then stopped watching
    await converge(c!.doc, d!.doc);
    expect(d!.editor.lines().join("")).toBe(SENTENCE);
  });

  it("a browser that may not write (a read-only meeting) leaves the doc alone", async () => {
    const [a, b] = peers([2, 1], [paragraph(SENTENCE)]);
    pressEnter(a!.editor, 0, AFTER_AGENDA);
    pressEnter(b!.editor, 0, AFTER_NOTES);
    a!.stop();
    b!.stop();
    const reader = new Y.Doc();
    stopsAfter(watchConcurrentSplits(reader, () => false));
    exchange(a!.doc, b!.doc, reader);
    await new Promise((resolve) => setImmediate(resolve));
    // Still there: a peer that may write repairs it (and the reader then receives the repair).
    expect(occurrences(storedLines(reader), "tot slot de afspraken.")).toBe(2);
  });

  it("ignores malformed records that any peer could write", async () => {
    const [a] = peers([1], [paragraph(SENTENCE)]);
    const map = a!.doc.getMap<unknown>(MOVED_TEXT_MAP);
    map.set("1:0", { v: 1, side: "after", parent: "root:notes", at: [1, 0], runs: [[1000, 0, 1, 0, -5]] });
    map.set("x", "nonsense");
    map.set("1000:0", { v: 1, side: "after", parent: "root:notes", at: [99, 99], runs: [[1000, 0, 1000, 0, 3]] });
    map.set("1000:3", { v: 1, side: "after", parent: "root:notes", at: [1000, 0], runs: [[1000, 0, 1000, 3, 3]] });
    expect(() => repairConcurrentSplits(a!.doc)).not.toThrow();
    expect(a!.editor.lines().join("")).toBe(SENTENCE);
  });
});
