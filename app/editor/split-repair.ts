import * as Y from "yjs";
import { readMovedText, spansBySource, typeKey, type MovedText, type SourceSpan as Span } from "./moved-text";

/** The origin of the transaction that removes duplicated copies. */
export const SPLIT_REPAIR_ORIGIN = "koers:split-repair";

/** Characters of one client, `clock` up to `clock + len`. */
export interface CharRange {
  client: number;
  clock: number;
  len: number;
}

/** What findDuplicatedCopies found. */
export interface DuplicatedCopies {
  /** Copied characters to delete (some may be deleted already). */
  ranges: CharRange[];
  /** False when a copy's place in the document has not arrived yet: check again after the next update. */
  complete: boolean;
}

// Upper bound on the work one check may do, whatever a peer wrote into the map.
const MAX_RANGES = 10_000;
const MAX_DEPTH = 64;

/**
 * The copies to remove so that every moved character is in the document once.
 *
 * A character can only be moved twice if two moves were made at once: after a move it is
 * deleted where it was, so a later move cannot take it again. When two (or more) peers moved
 * the same characters, exactly one copy is kept and the others are removed, together with
 * whatever was moved on from them. The copy kept is chosen by a fixed order from what every
 * peer knows alike (the records, and places in lists, which never change), so every peer
 * (and the server) removes the same characters whenever it looks, and repairs made on two
 * peers at once only delete the same items twice; a peer that cannot tell (a record or a
 * place has not arrived, or is gone) removes nothing. Nothing is inserted, so a repair never
 * needs repairing; text typed into a removed copy stays.
 *
 * Which copy stays (CopyOrder): copies placed after their source (a split's tail) beat copies
 * placed before it (a head, a join); among tails the one furthest down the document, among
 * heads the one furthest up. For splits made in the same text that keeps the text in reading
 * order however Yjs ordered the new paragraphs: two Enters in one sentence give the first
 * part, the rest, and (when Yjs put the later break's paragraph first) an empty paragraph.
 */
export function findDuplicatedCopies(doc: Y.Doc): DuplicatedCopies {
  const records = readMovedText(doc);
  const bySource = spansBySource(records);

  const ranges: CharRange[] = [];
  const remove = (client: number, clock: number, len: number, depth: number): void => {
    if (ranges.length >= MAX_RANGES) return;
    ranges.push({ client, clock, len });
    if (depth >= MAX_DEPTH) return;
    // Whatever was moved on from a removed copy goes with it.
    for (const span of bySource.get(client) ?? []) {
      const from = Math.max(span.start, clock);
      const to = Math.min(span.end, clock + len);
      if (from < to) remove(span.copyClient, span.copyClock + (from - span.start), to - from, depth + 1);
    }
  };

  const order = new CopyOrder(doc, records);
  let complete = true;
  for (const spans of bySource.values()) {
    // An undo's restore is followed (above) but never competes: it puts text back where its
    // author had taken it from, and that place may be gone (a paragraph another undo removed),
    // so it must not make the other copy lose.
    for (const segment of sharedSegments(spans.filter((s) => !s.restore))) {
      const winner = order.winner(segment.spans.map((s) => s.record));
      if (winner === "unknown") complete = false;
      if (typeof winner !== "number") continue;
      for (const span of segment.spans) {
        if (span.record !== winner) remove(span.copyClient, span.copyClock + (segment.start - span.start), segment.end - segment.start, 0);
      }
    }
  }
  return { ranges, complete };
}

/**
 * Removes the duplicated copies (findDuplicatedCopies) in one transaction, if any is still
 * there. Returns how many characters it deleted, and whether the check was complete. Safe
 * to call after any update, on any peer and on the server.
 */
export function repairConcurrentSplits(doc: Y.Doc, origin: unknown = SPLIT_REPAIR_ORIGIN): { deleted: number; complete: boolean } {
  const { ranges, complete } = findDuplicatedCopies(doc);
  const live = ranges.filter((range) => liveParts(doc, range).length > 0);
  let deleted = 0;
  if (live.length > 0) {
    doc.transact(() => {
      for (const range of live) {
        for (const part of liveParts(doc, range)) {
          part.text.delete(indexOf(part.item) + part.offset, part.len);
          deleted += part.len;
        }
      }
    }, origin);
  }
  return { deleted, complete };
}

/** The characters of a range that are still visible, per item (end first, so deleting keeps the earlier indexes right). */
function liveParts(doc: Y.Doc, { client, clock, len }: CharRange) {
  const parts: Array<{ text: Y.Text; item: Y.Item; offset: number; len: number }> = [];
  const end = Math.min(clock + len, Y.getState(doc.store, client));
  for (let at = clock; at < end; ) {
    const struct = Y.getItem(doc.store, Y.createID(client, at)) as Y.Item | Y.GC;
    const structEnd = Math.min(end, struct.id.clock + struct.length);
    if (struct instanceof Y.Item && !struct.deleted && struct.content instanceof Y.ContentString && struct.parent instanceof Y.Text) {
      parts.push({ text: struct.parent, item: struct, offset: at - struct.id.clock, len: structEnd - at });
    }
    at = structEnd;
  }
  return parts.reverse();
}

/** The index of an item's first character among its text's visible characters. */
function indexOf(item: Y.Item): number {
  let index = 0;
  for (let left = item.left; left !== null; left = left.left) if (!left.deleted && left.countable) index += left.length;
  return index;
}

/** Source characters moved by two or more records, with the runs that moved them. */
function sharedSegments(spans: Span[]): Array<{ start: number; end: number; spans: Span[] }> {
  const segments: Array<{ start: number; end: number; spans: Span[] }> = [];
  for (let i = 0; i < spans.length; ) {
    let j = i + 1;
    let end = spans[i]!.end;
    while (j < spans.length && spans[j]!.start < end) end = Math.max(end, spans[j++]!.end);
    if (j - i > 1) {
      const cluster = spans.slice(i, j);
      const points = [...new Set(cluster.flatMap((s) => [s.start, s.end]))].sort((a, b) => a - b);
      for (let k = 0; k + 1 < points.length; k++) {
        const [from, to] = [points[k]!, points[k + 1]!];
        const covering = new Map<number, Span>();
        for (const span of cluster) if (span.start <= from && span.end >= to && !covering.has(span.record)) covering.set(span.record, span);
        if (covering.size > 1) segments.push({ start: from, end: to, spans: [...covering.values()] });
      }
    }
    i = j;
  }
  return segments;
}

/**
 * The fixed order in which copies win: side first (a tail beats a head), then the parent
 * they were placed in (by its key: any fixed choice will do), then their place in that
 * parent (tails: the lowest in the document; heads: the highest), then the record's key.
 * All of it is the same on every peer: the side and parent are in the records, and a place
 * in a list never changes. But a parent that was deleted loses its list (Yjs frees it), so
 * places there are no longer known: then the copies are not compared at all. Guessing would
 * be wrong: the copies are deleted with their parent, but what was moved on from them lives
 * elsewhere, and removing that because of a guess would lose text.
 */
class CopyOrder {
  private readonly indexes = new Map<Y.AbstractType<unknown>, Map<Y.Item, number>>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly records: Array<[string, MovedText]>,
  ) {}

  /** The record whose copy stays; "unknown" while a copy's place has not arrived, "skip" when it never will. */
  winner(records: number[]): number | "unknown" | "skip" {
    const moved = (r: number) => this.records[r]![1];
    const tails = records.filter((r) => moved(r).side === "after");
    const bySide = tails.length > 0 ? tails : records;
    const parent = bySide.map((r) => moved(r).parent).reduce((a, b) => (b > a ? b : a));
    const candidates = bySide.filter((r) => moved(r).parent === parent);
    if (candidates.length === 1) return candidates[0]!;
    let best: { record: number; position: [number, number] } | null = null;
    for (const record of candidates) {
      const position = this.position(moved(record));
      if (typeof position === "string") return position;
      if (!best || this.beats(record, position, best.record, best.position)) best = { record, position };
    }
    return best!.record;
  }

  private beats(a: number, posA: [number, number], b: number, posB: [number, number]): boolean {
    const [keyA, movedA] = this.records[a]!;
    const cmp = posA[0] - posB[0] || posA[1] - posB[1];
    if (cmp !== 0) return movedA.side === "after" ? cmp > 0 : cmp < 0;
    return keyA > this.records[b]![0];
  }

  /** [index in the parent's list, offset in the item]; "skip" when the parent is gone (or the record is wrong). */
  private position(moved: MovedText): [number, number] | "unknown" | "skip" {
    const [client, clock] = moved.at;
    if (clock >= Y.getState(this.doc.store, client)) return "unknown";
    const struct = Y.getItem(this.doc.store, Y.createID(client, clock)) as Y.Item | Y.GC;
    if (!(struct instanceof Y.Item) || !(struct.parent instanceof Y.AbstractType) || typeKey(struct.parent) !== moved.parent) return "skip";
    let index = this.indexes.get(struct.parent);
    if (!index) {
      index = new Map();
      let n = 0;
      for (let item = struct.parent._start; item !== null; item = item.right) index.set(item, n++);
      this.indexes.set(struct.parent, index);
    }
    const at = index.get(struct);
    return at === undefined ? "skip" : [at, clock - struct.id.clock];
  }
}
