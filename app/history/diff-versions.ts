import type { AgendaEntry, AgreementEntry, TextBlock } from "../editor/read-fields";
import { FIELD_NAMES, MEETING_FIELDS, type EntryType, type EntryTypes, type FieldName, type EntryOf } from "../meetings/fields";
import type { ConsultFeedbackEntry } from "../consult-feedback/feedback-content";
import type { VersionContent } from "./version-content";

// Block-level differences between two versions of a meeting, for highlighting: agenda
// items, agreements and feedback forms are matched by their stable id (by text when they
// have none), note and report blocks by their text. Pure: usable in a loader or in the browser.

export type ChangeStatus = "unchanged" | "added" | "removed" | "changed";

/** One entry of a diffed list, in reading order: removed entries sit where they were. */
export interface Change<T> {
  status: ChangeStatus;
  /** The entry in the previous version (absent when added). */
  before?: T;
  /** The entry in the current version (absent when removed). */
  after?: T;
}

/** Per field of the meeting (fields.ts), its changes; and whether anything differs at all. */
export type VersionDiff = { [F in FieldName]: Change<EntryOf<F>>[] } & { changed: boolean };

/** How each type of entry is compared. */
const COMPARE: { [E in EntryType]: (before: EntryTypes[E][], after: EntryTypes[E][]) => Change<EntryTypes[E]>[] } = {
  agendaItem: (b, a) => diffById<AgendaEntry>(b, a, (e) => e.title),
  agreement: (b, a) => diffById<AgreementEntry>(b, a, (e) => e.text),
  textBlock: (b, a) => diffBlocks(b, a),
  consultFeedback: (b, a) => diffById<ConsultFeedbackEntry>(b, a, (e) => e.description),
};

/** What changed from `previous` to `current`, field by field. */
export function diffVersions(previous: VersionContent, current: VersionContent): VersionDiff {
  const diff: Record<string, Change<unknown>[]> = {};
  for (const name of FIELD_NAMES) {
    const compare = COMPARE[MEETING_FIELDS[name].entry] as (b: unknown[], a: unknown[]) => Change<unknown>[];
    diff[name] = compare(previous[name] ?? [], current[name] ?? []);
  }
  const changed = Object.values(diff).some((list) => list.some((c) => c.status !== "unchanged"));
  return { ...diff, changed } as VersionDiff;
}

/** Entries with a stable id: same id = same entry; any other field differing makes it `changed`. */
function diffById<T extends { id: string | null }>(before: T[], after: T[], text: (entry: T) => string): Change<T>[] {
  const key = (entry: T) => (entry.id ? `id:${entry.id}` : `text:${text(entry)}`);
  return alignLists(before, after, key).map(({ before: b, after: a }) => {
    if (b && a) return { status: sameJson(b, a) ? "unchanged" : "changed", before: b, after: a };
    return b ? { status: "removed", before: b } : { status: "added", after: a! };
  });
}

/**
 * Text blocks have no ids: blocks with the same kind and text match; a run of removed blocks
 * followed by a run of added ones is read as those blocks being edited (`changed`), pairwise.
 */
function diffBlocks(before: TextBlock[], after: TextBlock[]): Change<TextBlock>[] {
  const aligned = alignLists(before, after, (b) => `${b.kind}:${b.text}`);
  const result: Change<TextBlock>[] = [];
  for (let i = 0; i < aligned.length; ) {
    if (aligned[i]!.before && aligned[i]!.after) {
      result.push({ status: "unchanged", before: aligned[i]!.before, after: aligned[i]!.after });
      i++;
      continue;
    }
    const removed: TextBlock[] = [];
    const added: TextBlock[] = [];
    for (; i < aligned.length && !(aligned[i]!.before && aligned[i]!.after); i++) {
      if (aligned[i]!.before) removed.push(aligned[i]!.before!);
      else added.push(aligned[i]!.after!);
    }
    const paired = Math.min(removed.length, added.length);
    for (let k = 0; k < paired; k++) result.push({ status: "changed", before: removed[k], after: added[k] });
    for (const b of removed.slice(paired)) result.push({ status: "removed", before: b });
    for (const a of added.slice(paired)) result.push({ status: "added", after: a });
  }
  return result;
}

/** Aligns two lists on their longest common subsequence of keys; unmatched entries keep their places. */
function alignLists<T>(before: T[], after: T[], key: (entry: T) => string): Array<{ before?: T; after?: T }> {
  const b = before.map(key);
  const a = after.map(key);
  // lcs[i][j]: length of the longest common subsequence of b[i..] and a[j..].
  const lcs = Array.from({ length: b.length + 1 }, () => new Array<number>(a.length + 1).fill(0));
  for (let i = b.length - 1; i >= 0; i--) {
    for (let j = a.length - 1; j >= 0; j--) {
      lcs[i]![j] = b[i] === a[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: Array<{ before?: T; after?: T }> = [];
  let i = 0;
  let j = 0;
  while (i < b.length && j < a.length) {
    if (b[i] === a[j]) out.push({ before: before[i++], after: after[j++] });
    else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ before: before[i++] });
    else out.push({ after: after[j++] });
  }
  while (i < b.length) out.push({ before: before[i++] });
  while (j < a.length) out.push({ after: after[j++] });
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
