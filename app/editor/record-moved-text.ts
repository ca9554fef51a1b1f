import * as Y from "yjs";
import { MAX_MOVED_CHARACTERS, MOVED_TEXT_MAP, movedTextKey, typeKey, type MovedText } from "./moved-text";

/** The origin of the transaction that writes MovedText records (never undone, never recorded itself). */
export const MOVED_TEXT_ORIGIN = "koers:moved-text";

interface Segment {
  item: Y.Item;
  str: string;
}

/**
 * The text a local transaction moved: characters it deleted from one Y.Text that it also
 * inserted, as the same string, into another. That is how y-prosemirror writes a paragraph
 * split (the tail is deleted and a new paragraph gets a copy), a join (Backspace at the start
 * of a paragraph) or a text dragged elsewhere. Typing and pasting delete nothing or insert
 * other text, so they are never taken for a move.
 */
export function findMovedText(tr: Y.Transaction): MovedText[] {
  const doc = tr.doc;
  if (!tr.local || tr.deleteSet.clients.size === 0) return [];
  const me = doc.clientID;
  const before = tr.beforeState.get(me) ?? 0;
  const structs = doc.store.clients.get(me);
  if (!structs || Y.getState(doc.store, me) <= before) return [];
  const createdHere = (item: Y.Item) => item.id.client === me && item.id.clock >= before;

  const targets = new Set<Y.Text>();
  for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
    const struct = structs[i];
    if (struct instanceof Y.Item && !struct.deleted && struct.content instanceof Y.ContentString && struct.parent instanceof Y.Text) {
      targets.add(struct.parent);
    }
  }
  if (targets.size === 0) return [];
  const sources = new Set<Y.Text>();
  Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentString && struct.parent instanceof Y.Text && !createdHere(struct)) {
      sources.add(struct.parent);
    }
  });
  if (sources.size === 0) return [];

  const deleted = [...sources].map((text) => ({
    text,
    segments: segmentsOf(text, (item) => item.deleted && !createdHere(item) && Y.isDeleted(tr.deleteSet, item.id)),
  }));
  const used = new Set<Y.Text>();
  const moved: MovedText[] = [];
  for (const target of targets) {
    const copy = segmentsOf(target, (item) => !item.deleted && createdHere(item));
    const str = joined(copy);
    if (str.length === 0 || str.length > MAX_MOVED_CHARACTERS) continue;
    const source = deleted.find((d) => d.text !== target && !used.has(d.text) && joined(d.segments) === str);
    if (!source) continue;
    used.add(source.text);
    moved.push(describeMove(source.segments, copy, createdHere));
  }
  return moved;
}

/** Writes what findMovedText found into the doc's MovedText map, as one change. */
export function recordMovedText(doc: Y.Doc, moved: MovedText[]): void {
  const map = doc.getMap<MovedText>(MOVED_TEXT_MAP);
  doc.transact(() => {
    for (const entry of moved) map.set(movedTextKey(entry), entry);
  }, MOVED_TEXT_ORIGIN);
}

function describeMove(from: Segment[], to: Segment[], createdHere: (item: Y.Item) => boolean): MovedText {
  // The outermost node the change created around the copy: a new paragraph, or the first
  // character itself when the copy went into text that was already there.
  let top = to[0]!.item;
  for (let parent = top.parent as Y.AbstractType<unknown>; parent._item && createdHere(parent._item); parent = top.parent as Y.AbstractType<unknown>) {
    top = parent._item;
  }
  return {
    v: 1,
    side: precedes(top, from[0]!.item) ? "before" : "after",
    parent: typeKey(top.parent as Y.AbstractType<unknown>),
    at: [top.id.client, top.id.clock],
    runs: pairCharacters(from, to),
  };
}

/** Pairs the characters of two equal strings, given as items, into runs of consecutive clocks. */
function pairCharacters(from: Segment[], to: Segment[]): MovedText["runs"] {
  const runs: MovedText["runs"] = [];
  let i = 0;
  let j = 0;
  let offsetFrom = 0;
  let offsetTo = 0;
  while (i < from.length && j < to.length) {
    const a = from[i]!;
    const b = to[j]!;
    const len = Math.min(a.str.length - offsetFrom, b.str.length - offsetTo);
    const sourceClock = a.item.id.clock + offsetFrom;
    const copyClock = b.item.id.clock + offsetTo;
    const last = runs[runs.length - 1];
    if (last && last[0] === a.item.id.client && last[1] + last[4] === sourceClock && last[2] === b.item.id.client && last[3] + last[4] === copyClock) {
      last[4] += len;
    } else {
      runs.push([a.item.id.client, sourceClock, b.item.id.client, copyClock, len]);
    }
    offsetFrom += len;
    offsetTo += len;
    if (offsetFrom === a.str.length) [i, offsetFrom] = [i + 1, 0];
    if (offsetTo === b.str.length) [j, offsetTo] = [j + 1, 0];
  }
  return runs;
}

function segmentsOf(text: Y.Text, pick: (item: Y.Item) => boolean): Segment[] {
  const segments: Segment[] = [];
  for (let item = text._start; item !== null; item = item.right) {
    if (item.content instanceof Y.ContentString && pick(item)) segments.push({ item, str: item.content.str });
  }
  return segments;
}

function joined(segments: Segment[]): string {
  return segments.map((s) => s.str).join("");
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
