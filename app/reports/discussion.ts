import type { JSONContent } from "@tiptap/core";
import type { AgendaEntry, TextBlock } from "../editor/read-fields";
import { normalizeTemplateText } from "../meetings/templates";
import { templateTexts } from "../meetings/kinds";

// What was discussed, per agenda item: the notes under each item's heading (the heading the
// aios's lead gives the notes when an item becomes current, `agendaItemId`, or one typed with
// the item's title), without the question bank's prompts nobody used. Notes under no item
// heading come last, as "Overige notities". Pure: the same notes always give the same text.

/** The title of the section of notes under no agenda item. */
export const OTHER_NOTES_TITLE = "Overige notities";

/** The notes of one agenda item (or of none), ready for the report. */
export interface DiscussionSection {
  /** The agenda item's stable id; null for the notes under no item. */
  agendaItemId: string | null;
  title: string;
  /** The item was marked done in the agenda. */
  done: boolean;
  /** The notes as editor JSON blocks, headings moved below the item's own (level 4 and down). */
  content: JSONContent[];
  /** The same as plain text blocks, for the Markdown and the print view. */
  blocks: TextBlock[];
}

/**
 * The discussion of a meeting: one section per agenda item, in agenda order (also when its
 * notes are empty), then the other notes if any remain after the unused prompts are left out.
 */
export function discussionOf(agenda: AgendaEntry[], notes: JSONContent[]): DiscussionSection[] {
  const prompts = templateTexts();
  const byId = new Map(agenda.filter((item) => item.id).map((item) => [item.id!, item]));
  const byTitle = new Map(agenda.map((item) => [normalizeTemplateText(item.title), item]));
  const itemOf = (block: JSONContent): AgendaEntry | undefined => {
    if (block.type !== "heading") return undefined;
    const linked = typeof block.attrs?.agendaItemId === "string" ? byId.get(block.attrs.agendaItemId) : undefined;
    if (linked) return linked;
    const title = normalizeTemplateText(textOf(block));
    return title ? byTitle.get(title) : undefined;
  };

  const parts = new Map<AgendaEntry | null, JSONContent[]>([[null, []]]);
  let current: AgendaEntry | null = null;
  for (const block of notes) {
    const item = itemOf(block);
    if (item) {
      current = item;
      if (!parts.has(item)) parts.set(item, []);
      continue;
    }
    parts.get(current)!.push(block);
  }

  const sections: DiscussionSection[] = agenda.map((item) => section(item.id, item.title, item.done, withoutPrompts(parts.get(item) ?? [], prompts)));
  const other = withoutPrompts(parts.get(null)!, prompts);
  if (other.length) sections.push(section(null, OTHER_NOTES_TITLE, false, other));
  return sections;
}

function section(agendaItemId: string | null, title: string, done: boolean, content: JSONContent[]): DiscussionSection {
  const demoted = content.map(demoteHeadings);
  return { agendaItemId, title, done, content: demoted, blocks: textBlocksOf(demoted) };
}

/**
 * Leaves out what the templates wrote and nobody used: blocks and list items whose text is
 * exactly a prompt, empty paragraphs and items, and then every heading with nothing left under it.
 */
function withoutPrompts(blocks: JSONContent[], prompts: ReadonlySet<string>): JSONContent[] {
  const isPrompt = (node: JSONContent) => {
    const text = normalizeTemplateText(textOf(node));
    return text === "" || prompts.has(text);
  };
  const kept: JSONContent[] = [];
  for (const block of blocks) {
    if (block.type === "bulletList" || block.type === "orderedList") {
      const items = (block.content ?? []).filter((item) => !isPrompt(item));
      if (items.length) kept.push({ ...block, content: items });
    } else if (block.type === "heading") {
      kept.push(block);
    } else if (!isPrompt(block)) {
      kept.push(block);
    }
  }
  // A heading stays only when something other than headings follows it within its own level.
  return kept.filter((block, i) => {
    if (block.type !== "heading") return true;
    const level = Number(block.attrs?.level ?? 1);
    for (let j = i + 1; j < kept.length; j++) {
      const next = kept[j]!;
      if (next.type === "heading") {
        if (Number(next.attrs?.level ?? 1) <= level) return false;
        continue;
      }
      return true;
    }
    return false;
  });
}

/** Notes headings go below the item's own heading in the report (h4 and down), and lose their link to an item. */
function demoteHeadings(block: JSONContent): JSONContent {
  if (block.type !== "heading") return block;
  const level = Math.min(6, Number(block.attrs?.level ?? 2) + 2);
  return { ...block, attrs: { level } };
}

/** All text of a node. */
export function textOf(node: JSONContent): string {
  if (node.type === "text") return node.text ?? "";
  if (node.type === "hardBreak") return " ";
  return (node.content ?? []).map(textOf).join("");
}

/** Editor JSON as plain text blocks (headings, paragraphs, list items), like readTextBlocks does for a Y.Doc. */
export function textBlocksOf(content: JSONContent[]): TextBlock[] {
  const blocks: TextBlock[] = [];
  const visit = (node: JSONContent, parent: string | null) => {
    const isTextblock = node.type === "heading" || node.type === "paragraph";
    if (isTextblock) {
      const text = textOf(node).trim();
      if (text) blocks.push({ kind: node.type === "heading" ? "heading" : parent === "listItem" ? "listItem" : "paragraph", text });
      return;
    }
    for (const child of node.content ?? []) visit(child, node.type ?? null);
  };
  content.forEach((node) => visit(node, null));
  return blocks;
}
