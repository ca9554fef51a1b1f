import * as Y from "yjs";

// Yjs has no "move": when ProseMirror splits a paragraph, y-prosemirror deletes the tail from
// the first paragraph and inserts a copy of it in a new one. Each such copy is written down
// here, in the same Y.Doc, as which characters were copied from which: so that two copies
// made at once of the same characters (both people pressed Enter in one sentence) can be
// recognised by every peer and one of them removed (split-repair.ts). Nothing in this map
// is shown; readers of the fields ignore it.

/** The Y.Map (a root type of the doc) that holds one MovedText per copy, keyed by movedTextKey. */
export const MOVED_TEXT_MAP = "movedText";

/**
 * Characters that one local change deleted in one place and inserted, equal, in another:
 * `runs` pair each copied character with the one it was copied from.
 */
export interface MovedText {
  v: 1;
  /** Whether the copy was placed before or after the text it was copied from (document order). */
  side: "before" | "after";
  /** The type the copy's outermost new node was inserted in: `root:<name>` or the id `client:clock` of its item. */
  parent: string;
  /** That outermost new node (a new paragraph, list item; or the first copied character when copied into existing text). */
  at: [client: number, clock: number];
  /** [sourceClient, sourceClock, copyClient, copyClock, length]: `length` characters copied one to one. */
  runs: Array<[number, number, number, number, number]>;
  /** Set when an undo or redo put the text back (see findRestoredText): such a copy never competes with others. */
  restore?: true;
}

/** The map key of a copy: the id of its first copied character. */
export function movedTextKey(moved: MovedText): string {
  const first = moved.runs[0]!;
  return `${first[2]}:${first[3]}`;
}

/** The key by which `parent` names a type. */
export function typeKey(type: Y.AbstractType<unknown>): string {
  return type._item === null ? `root:${Y.findRootTypeKey(type)}` : `${type._item.id.client}:${type._item.id.clock}`;
}

/** A copy as `[key, MovedText]`, from the map's entries; anything malformed (any peer can write the map) is left out. */
export function readMovedText(doc: Y.Doc): Array<[string, MovedText]> {
  const result: Array<[string, MovedText]> = [];
  doc.getMap<unknown>(MOVED_TEXT_MAP).forEach((value, key) => {
    const moved = parseMovedText(value);
    if (moved && movedTextKey(moved) === key) result.push([key, moved]);
  });
  return result;
}

/** One run of a record seen from its source: source clocks `start` up to `end`, copied to `copyClock` onwards. */
export interface SourceSpan {
  start: number;
  end: number;
  copyClient: number;
  copyClock: number;
  /** Index of the record in the list the spans were made from. */
  record: number;
  /** Whether the record is a restore (an undo's): followed from its source, never competing. */
  restore: boolean;
}

/** Every run of the records by source client, sorted by source clock. */
export function spansBySource(records: Array<[string, MovedText]>): Map<number, SourceSpan[]> {
  const bySource = new Map<number, SourceSpan[]>();
  records.forEach(([, moved], record) => {
    for (const [sourceClient, sourceClock, copyClient, copyClock, len] of moved.runs) {
      let spans = bySource.get(sourceClient);
      if (!spans) bySource.set(sourceClient, (spans = []));
      spans.push({ start: sourceClock, end: sourceClock + len, copyClient, copyClock, record, restore: moved.restore === true });
    }
  });
  for (const spans of bySource.values()) spans.sort((a, b) => a.start - b.start);
  return bySource;
}

/** Most characters one change may record as moved: a larger move is left unrecorded (and unrepaired). */
export const MAX_MOVED_CHARACTERS = 20_000;

function parseMovedText(value: unknown): MovedText | null {
  if (typeof value !== "object" || value === null) return null;
  const { v, side, parent, at, runs, restore } = value as Record<string, unknown>;
  if (v !== 1 || (side !== "before" && side !== "after") || typeof parent !== "string") return null;
  if (restore !== undefined && restore !== true) return null;
  if (!isIdPair(at) || !Array.isArray(runs) || runs.length === 0) return null;
  let total = 0;
  for (const run of runs) {
    if (!Array.isArray(run) || run.length !== 5 || !run.every(isClockNumber)) return null;
    const len = run[4] as number;
    if (len < 1) return null;
    total += len;
  }
  if (total > MAX_MOVED_CHARACTERS) return null;
  return { v, side, parent, at, runs: runs as MovedText["runs"], ...(restore ? { restore } : {}) };
}

function isIdPair(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && value.every(isClockNumber);
}

function isClockNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}
