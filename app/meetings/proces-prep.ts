import type { JSONContent } from "@tiptap/core";
import { PROCES_ROUND } from "./templates";

// The procesgericht leergesprek's 3+3: before the meeting each side writes, privately, three
// things that go well and three to improve. In the meeting the aios reveals both at once
// into the shared notes: into the sections the template put there ("Wat gaat goed" → Aios /
// Opleider, "Wat kan beter" → Aios / Opleider), not as new sections beside them. The
// preparation lives in a field of each person's private document.

/** The field of the private notes document that holds the 3+3 preparation. */
export const PREP_FIELD = "prep";

/** Marks the side headings the reveal filled in, so both sets are revealed once. */
export const REVEAL_MARKER = "proces-prep-reveal";

type Topic = "goed" | "beter";
type Side = "aios" | "opleider";

/** One side's preparation, sorted by topic: list items, and what fits neither topic. */
export interface SortedPrep {
  goed: JSONContent[];
  beter: JSONContent[];
  other: JSONContent[];
}

const bullets = (n: number): JSONContent => ({
  type: "bulletList",
  content: Array.from({ length: n }, () => ({ type: "listItem", content: [{ type: "paragraph" }] })),
});
const heading = (level: 2 | 3, text: string, agendaItemId?: string): JSONContent => ({
  type: "heading",
  attrs: { level, ...(agendaItemId ? { agendaItemId } : {}) },
  content: [{ type: "text", text }],
});
const paragraph = (text: string): JSONContent => ({ type: "paragraph", content: [{ type: "text", text }] });

/** The empty 3+3 a person fills in before the meeting. */
export function prepTemplate(): JSONContent {
  return { type: "doc", content: [heading(3, PROCES_ROUND.goed), bullets(3), heading(3, PROCES_ROUND.beter), bullets(3)] };
}

/** All text of a node, for reading headings and telling empty items. */
function textOf(node: JSONContent): string {
  if (node.type === "text") return node.text ?? "";
  return (node.content ?? []).map(textOf).join("");
}

const normalized = (text: string) => text.trim().toLowerCase().replace(/\s+/g, " ");

/** Which topic a heading names ("Wat gaat goed", "Goed", "Wat kan beter", "Verbeterpunten"). */
function topicOf(headingText: string): Topic | null {
  const text = normalized(headingText);
  if (/beter|verbeter/.test(text)) return "beter";
  if (/goed/.test(text)) return "goed";
  return null;
}

/**
 * Sorts a preparation by topic: list items (non-empty) and paragraphs under a "goed" or
 * "beter" heading go to that topic; everything else (text before any heading, other headings
 * and what follows them) is kept as `other`, in order.
 */
export function sortPrep(blocks: JSONContent[]): SortedPrep {
  const sorted: SortedPrep = { goed: [], beter: [], other: [] };
  let topic: Topic | null = null;
  for (const block of blocks) {
    if (block.type === "heading") {
      topic = topicOf(textOf(block));
      if (!topic) sorted.other.push(block);
      continue;
    }
    if (!topic) {
      if (textOf(block).trim()) sorted.other.push(block);
      continue;
    }
    if (block.type === "bulletList" || block.type === "orderedList") {
      sorted[topic].push(...(block.content ?? []).filter((item) => textOf(item).trim()));
    } else if (textOf(block).trim()) {
      sorted[topic].push({ type: "listItem", content: [block] });
    }
  }
  return sorted;
}

/** Whether the notes already hold a reveal. */
export function isRevealed(notes: JSONContent[]): boolean {
  return notes.some((n) => n.type === "heading" && n.attrs?.agendaItemId === REVEAL_MARKER);
}

export interface RevealSide {
  side: Side;
  /** The side heading after the reveal, e.g. "Aios (Sanne de Vries)". */
  label: string;
  prep: SortedPrep;
}

/**
 * The notes with both preparations revealed: each side's points go into the bullet list under
 * its heading in the template's "Wat gaat goed" and "Wat kan beter" sections (the empty
 * template bullets give way; anything typed there stays). Notes without those sections get
 * them, filled, at the end. What fits neither topic follows, per side, before "Actiepunt".
 */
export function revealIntoNotes(notes: JSONContent[], sides: RevealSide[]): JSONContent[] {
  const result = notes.map((n) => n);
  const missing: Topic[] = [];
  for (const topic of ["goed", "beter"] as const) {
    const section = findSection(result, PROCES_ROUND[topic]);
    if (!section) {
      missing.push(topic);
      continue;
    }
    for (const side of sides) fillSide(result, section, side, topic);
  }
  const appended: JSONContent[] = [];
  for (const topic of missing) {
    appended.push(heading(2, PROCES_ROUND[topic]));
    for (const side of sides) appended.push(heading(3, side.label, REVEAL_MARKER), pointsList([], side.prep[topic]));
  }
  for (const side of sides) {
    if (side.prep.other.length) appended.push(heading(3, `${PROCES_ROUND.otherFrom} ${side.label}`, REVEAL_MARKER), ...side.prep.other);
  }
  if (!appended.length) return result;
  const action = result.findIndex((n) => n.type === "heading" && n.attrs?.level === 2 && normalized(textOf(n)) === normalized(PROCES_ROUND.action));
  if (action === -1) return [...result, ...appended];
  return [...result.slice(0, action), ...appended, ...result.slice(action)];
}

/** The range of a level-2 section by its heading text: [heading index, end (exclusive)). */
function findSection(notes: JSONContent[], title: string): { start: number; end: number } | null {
  const start = notes.findIndex((n) => n.type === "heading" && n.attrs?.level === 2 && normalized(textOf(n)) === normalized(title));
  if (start === -1) return null;
  let end = start + 1;
  while (end < notes.length && !(notes[end]!.type === "heading" && (notes[end]!.attrs?.level ?? 1) <= 2)) end++;
  return { start, end };
}

/** Fills one side's list in a section (inserting the heading and list when the section lacks them). */
function fillSide(notes: JSONContent[], section: { start: number; end: number }, side: RevealSide, topic: Topic): void {
  const sideName = side.side === "aios" ? PROCES_ROUND.aios : PROCES_ROUND.opleider;
  let at = -1;
  for (let i = section.start + 1; i < section.end; i++) {
    const n = notes[i]!;
    if (n.type === "heading" && n.attrs?.agendaItemId !== REVEAL_MARKER && normalized(textOf(n)) === normalized(sideName)) {
      at = i;
      break;
    }
  }
  if (at === -1) {
    notes.splice(section.end, 0, heading(3, side.label, REVEAL_MARKER), pointsList([], side.prep[topic]));
    section.end += 2;
    return;
  }
  notes[at] = heading(3, side.label, REVEAL_MARKER);
  const list = notes[at + 1];
  if (list && at + 1 < section.end && (list.type === "bulletList" || list.type === "orderedList")) {
    notes[at + 1] = pointsList(list.content ?? [], side.prep[topic]);
  } else {
    notes.splice(at + 1, 0, pointsList([], side.prep[topic]));
    section.end += 1;
  }
}

/** A bullet list: what was typed there already, then the revealed points; "(niets voorbereid)" when both are empty. */
function pointsList(existing: JSONContent[], points: JSONContent[]): JSONContent {
  const items = [...existing.filter((item) => textOf(item).trim()), ...points];
  return { type: "bulletList", content: items.length ? items : [{ type: "listItem", content: [paragraph(PROCES_ROUND.nothingPrepared)] }] };
}
