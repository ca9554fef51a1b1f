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
 * whatever was moved on from them. The copy kept is chosen from the records alone, by a fixed
 * order, so every peer (and the server) removes the same characters whenever it looks, and
 * repairs made on two peers at once only delete the same items twice. Nothing is inserted,
 * so a repair never needs repairing; text typed into a removed copy stays.
 *
 * Which copy stays: copies placed after their source (a split's tail) beat copies placed
 * before it (a head); among tails the one furthest down the document, among heads the one
 * furthest up. For splits made in the same text that keeps the text in reading order however
 * Yjs ordered the new paragraphs: two Enters in one sentence give the first part, the rest,
 * and an empty paragraph. Copies placed into different parents are never compared (left as
 * they are): their order is not known in the same way on every peer.
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
    for (const segment of sharedSegments(spans)) {
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

/** The fixed order in which copies win, from each record's side and the place of its new node. */
class CopyOrder {
  private readonly indexes = new Map<Y.AbstractType<unknown>, Map<Y.Item, number>>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly records: Array<[string, MovedText]>,
  ) {}

  /** The record whose copy stays; "skip" when they cannot be compared, "unknown" when a place has not arrived yet. */
  winner(records: number[]): number | "skip" | "unknown" {
    const first = this.records[records[0]!]![1];
    if (records.some((r) => this.records[r]![1].parent !== first.parent)) return "skip";
    let best: { record: number; position: [number, number] } | null = null;
    for (const record of records) {
      const position = this.position(this.records[record]![1]);
      if (typeof position === "string") return position;
      if (!best || this.beats(record, position, best.record, best.position)) best = { record, position };
    }
    return best!.record;
  }

  private beats(a: number, posA: [number, number], b: number, posB: [number, number]): boolean {
    const [keyA, movedA] = this.records[a]!;
    const [keyB, movedB] = this.records[b]!;
    if (movedA.side !== movedB.side) return movedA.side === "after";
    const cmp = posA[0] - posB[0] || posA[1] - posB[1];
    if (cmp !== 0) return movedA.side === "after" ? cmp > 0 : cmp < 0;
    return keyA > keyB;
  }

  /** [index in the parent's list, offset in the item]; "skip" when the parent is gone (all its copies are deleted with it). */
  private position(moved: MovedText): [number, number] | "skip" | "unknown" {
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
