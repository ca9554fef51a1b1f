import type { JSONContent } from "@tiptap/core";
import type { DiscussionSection } from "./discussion";

/**
 * A first draft of the report (verslag) for the aios to rewrite into their own words: per
 * agenda item its title and what the notes say under it (unused template prompts left out),
 * then the other notes. No agreements: the report shows those once, as they are now, from the
 * agreements themselves (so a later new date can never disagree with a copy). Tiptap JSON in
 * the editor's schema, for the document's `report` field.
 */
export function buildReportDraft(sections: DiscussionSection[]): JSONContent {
  const blocks: JSONContent[] = [];
  for (const section of sections) {
    blocks.push({ type: "heading", attrs: { level: 3 }, content: [{ type: "text", text: section.title || "(zonder titel)" }] });
    // An item without notes gets an empty line to write in.
    blocks.push(...(section.content.length ? section.content : [{ type: "paragraph" }]));
  }
  return { type: "doc", content: blocks.length ? blocks : [{ type: "paragraph" }] };
}
