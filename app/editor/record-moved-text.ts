import * as Y from "yjs";
import { MAX_MOVED_CHARACTERS, MOVED_TEXT_MAP, movedTextKey, readMovedText, spansBySource, typeKey, type MovedText } from "./moved-text";

/** The origin of the transaction that writes MovedText records (never undone, never recorded itself). */
export const MOVED_TEXT_ORIGIN = "koers:moved-text";

/** Characters `clock` up to `clock + len` of one client. */
interface CharRun {
  client: number;
  clock: number;
  len: number;
}

/** The moves a local transaction made: findMovedText, and for an undo or redo findRestoredText. */
export function movesOf(tr: Y.Transaction): MovedText[] {
  if (!tr.local) return [];
  const doc = tr.doc;
  const before = tr.beforeState.get(doc.clientID) ?? 0;
  if (Y.getState(doc.store, doc.clientID) <= before) return [];
  const byKey = new Map<string, MovedText>();
  for (const moved of [...findMovedText(tr), ...findRestoredText(tr)]) byKey.set(movedTextKey(moved), moved);
  return [...byKey.values()];
}

/**
 * The text a local transaction moved: characters it deleted from one Y.Text that it also
 * inserted, as the same string, into another. That is how y-prosemirror writes a paragraph
 * split (the tail is deleted and a new paragraph gets a copy), a join (Backspace at the start
 * of a paragraph) or a text dragged elsewhere. Typing and pasting delete nothing or insert
 * other text, so they are never taken for a move.
 */
export function findMovedText(tr: Y.Transaction): MovedText[] {
  if (tr.deleteSet.clients.size === 0) return [];
  const createdHere = createdIn(tr);
  const targets = new Set<Y.Text>();
  for (const item of itemsCreatedIn(tr)) {
    if (!item.deleted && item.content instanceof Y.ContentString && item.parent instanceof Y.Text) targets.add(item.parent);
  }
  if (targets.size === 0) return [];
  const sources = new Set<Y.Text>();
  Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentString && struct.parent instanceof Y.Text && !createdHere(struct)) {
      sources.add(struct.parent);
    }
  });
  if (sources.size === 0) return [];

  const deleted = [...sources].map((text) => {
    const runs = stringRuns(text, (item) => item.deleted && !createdHere(item) && Y.isDeleted(tr.deleteSet, item.id));
    return { text, runs, str: textOf(runs) };
  });
  const used = new Set<Y.Text>();
  const moved: MovedText[] = [];
  for (const target of targets) {
    const copy = stringRuns(target, (item) => !item.deleted && createdHere(item));
    const str = textOf(copy);
    if (str.length === 0 || str.length > MAX_MOVED_CHARACTERS) continue;
    const source = deleted.find((d) => d.text !== target && !used.has(d.text) && d.str === str);
    if (!source) continue;
    used.add(source.text);
    moved.push(describeMove(source.runs[0]!.item, copy[0]!.item, createdHere, pairCharacters(source.runs, copy)));
  }
  return moved;
}

/**
 * What an undo or redo put back in place of text that had been moved. Yjs restores a deleted
 * character as a new one (the old one's `redone` names it), so undoing a split brings the tail
 * back as new characters and deletes the copy. Recorded as moved from that copy (the move this
 * person made, found in the records): when that copy had been removed as a duplicate, what
 * the undo brings back is removed with it instead of doubling the text again.
 */
export function findRestoredText(tr: Y.Transaction): MovedText[] {
  if (!(tr.origin instanceof Y.UndoManager)) return [];
  const doc = tr.doc;
  const me = doc.clientID;
  const createdHere = createdIn(tr);
  // For every character this person moved (a record of theirs names it as the source): if
  // this undo restored it, which new item is its restored self, and which copy it replaces.
  const restored = new Map<Y.Item, Array<{ offset: number; copy: Y.ID }>>();
  for (const [client, spans] of spansBySource(readMovedText(doc))) {
    for (const span of spans) {
      if (span.copyClient !== me) continue;
      for (let clock = span.start; clock < Math.min(span.end, Y.getState(doc.store, client)); ) {
        const original = Y.getItem(doc.store, Y.createID(client, clock)) as Y.Item | Y.GC;
        const end = Math.min(span.end, original.id.clock + original.length);
        const restoredItem = original instanceof Y.Item && original.redone ? itemAt(doc, original.redone) : null;
        if (restoredItem && createdHere(restoredItem) && !restoredItem.deleted && restoredItem.content instanceof Y.ContentString && restoredItem.length === original.length) {
          let pairs = restored.get(restoredItem);
          if (!pairs) restored.set(restoredItem, (pairs = []));
          for (let c = clock; c < end; c++) pairs.push({ offset: c - original.id.clock, copy: Y.createID(me, span.copyClock + (c - span.start)) });
        }
        clock = end;
      }
    }
  }
  if (restored.size === 0) return [];

  const result: MovedText[] = [];
  for (const text of new Set([...restored.keys()].map((item) => item.parent as Y.Text))) {
    const from: CharRun[] = [];
    const to: CharRun[] = [];
    let first: { copy: Y.Item | null; restored: Y.Item } | undefined;
    for (let item = text._start; item !== null; item = item.right) {
      for (const { offset, copy } of (restored.get(item) ?? []).sort((a, b) => a.offset - b.offset)) {
        from.push({ client: copy.client, clock: copy.clock, len: 1 });
        to.push({ client: item.id.client, clock: item.id.clock + offset, len: 1 });
        first ??= { copy: itemAt(doc, copy), restored: item };
      }
    }
    if (!first || to.length > MAX_MOVED_CHARACTERS) continue;
    result.push({ ...describeMove(first.copy, first.restored, createdHere, pairCharacters(from, to)), restore: true });
  }
  return result;
}

/** Writes moves into the doc's MovedText map, as one change. */
export function recordMovedText(doc: Y.Doc, moved: MovedText[]): void {
  const map = doc.getMap<MovedText>(MOVED_TEXT_MAP);
  doc.transact(() => {
    for (const entry of moved) map.set(movedTextKey(entry), entry);
  }, MOVED_TEXT_ORIGIN);
}

function describeMove(source: Y.Item | null, copy: Y.Item, createdHere: (item: Y.Item) => boolean, runs: MovedText["runs"]): MovedText {
  // The outermost node the change created around the copy: a new paragraph, or the first
  // character itself when the copy went into text that was already there.
  let top = copy;
  for (let parent = top.parent as Y.AbstractType<unknown>; parent._item && createdHere(parent._item); parent = top.parent as Y.AbstractType<unknown>) {
    top = parent._item;
  }
  return {
    v: 1,
    side: source && precedes(top, source) ? "before" : "after",
    parent: typeKey(top.parent as Y.AbstractType<unknown>),
    at: [top.id.client, top.id.clock],
    runs,
  };
}

/** Pairs two equally long sequences of characters into runs of consecutive clocks. */
function pairCharacters(from: CharRun[], to: CharRun[]): MovedText["runs"] {
  const runs: MovedText["runs"] = [];
  let i = 0;
  let j = 0;
  let offsetFrom = 0;
  let offsetTo = 0;
  while (i < from.length && j < to.length) {
    const a = from[i]!;
    const b = to[j]!;
    const len = Math.min(a.len - offsetFrom, b.len - offsetTo);
    const [sourceClient, sourceClock] = [a.client, a.clock + offsetFrom];
    const [copyClient, copyClock] = [b.client, b.clock + offsetTo];
    const last = runs[runs.length - 1];
    if (last && last[0] === sourceClient && last[1] + last[4] === sourceClock && last[2] === copyClient && last[3] + last[4] === copyClock) {
      last[4] += len;
    } else {
      runs.push([sourceClient, sourceClock, copyClient, copyClock, len]);
    }
    offsetFrom += len;
    offsetTo += len;
    if (offsetFrom === a.len) [i, offsetFrom] = [i + 1, 0];
    if (offsetTo === b.len) [j, offsetTo] = [j + 1, 0];
  }
  return runs;
}

/** The string items of a text that `pick` accepts, in text order. */
function stringRuns(text: Y.Text, pick: (item: Y.Item) => boolean): Array<CharRun & { item: Y.Item; str: string }> {
  const runs: Array<CharRun & { item: Y.Item; str: string }> = [];
  for (let item = text._start; item !== null; item = item.right) {
    if (item.content instanceof Y.ContentString && pick(item)) runs.push({ item, client: item.id.client, clock: item.id.clock, len: item.length, str: item.content.str });
  }
  return runs;
}

function textOf(runs: Array<{ str: string }>): string {
  return runs.map((r) => r.str).join("");
}

function createdIn(tr: Y.Transaction): (item: Y.Item) => boolean {
  const me = tr.doc.clientID;
  const before = tr.beforeState.get(me) ?? 0;
  return (item) => item.id.client === me && item.id.clock >= before;
}

/** The items this client created in the transaction. */
function* itemsCreatedIn(tr: Y.Transaction): Generator<Y.Item> {
  const me = tr.doc.clientID;
  const structs = tr.doc.store.clients.get(me) ?? [];
  const before = tr.beforeState.get(me) ?? 0;
  if (Y.getState(tr.doc.store, me) <= before) return;
  for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
    const struct = structs[i];
    if (struct instanceof Y.Item && struct.id.clock >= before) yield struct;
  }
}

function itemAt(doc: Y.Doc, id: Y.ID): Y.Item | null {
  if (id.clock >= Y.getState(doc.store, id.client)) return null;
  const struct = Y.getItem(doc.store, id) as Y.Item | Y.GC;
  return struct instanceof Y.Item ? struct : null;
}

/** Whether item `a` comes before item `b` in document order (both still in their lists). */
export function precedes(a: Y.Item, b: Y.Item): boolean {
  const pathA = ancestry(a);
  const pathB = ancestry(b);
  let depth = 0;
  while (depth < pathA.length && depth < pathB.length && pathA[depth] === pathB[depth]) depth++;
  const x = pathA[depth];
  const y = pathB[depth];
  if (!x || !y) return pathA.length < pathB.length; // one holds the other: the holder comes first
  if (x.parent !== y.parent) return typeKey(x.parent as Y.AbstractType<unknown>) < typeKey(y.parent as Y.AbstractType<unknown>);
  for (let item = x.right; item !== null; item = item.right) if (item === y) return true;
  return false;
}

function ancestry(item: Y.Item): Y.Item[] {
  const path: Y.Item[] = [];
  for (let current: Y.Item | null = item; current !== null; current = (current.parent as Y.AbstractType<unknown>)._item) path.unshift(current);
  return path;
}
