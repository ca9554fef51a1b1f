import type { JSONContent } from "@tiptap/core";
import type { VersionContent } from "../history/version-content";
import { dutchDate } from "./report-format";

/**
 * A first draft of the report (verslag) for the aios to rewrite, in Dutch: what was
 * discussed (the agenda), the key points of the notes, and the agreements with owner and
 * follow-up date. Tiptap JSON in the editor's schema, for the document's `report` field.
 */
export function buildReportDraft(content: Pick<VersionContent, "agenda" | "notes" | "agreements">): JSONContent {
  const blocks: JSONContent[] = [];
  blocks.push(heading("Besproken"));
  blocks.push(
    content.agenda.length ? bulletList(content.agenda.map((item) => item.title || "(zonder titel)")) : paragraph("Geen agendapunten vastgelegd."),
  );

  blocks.push(heading("Kernpunten"));
  const points = content.notes.map((block) => (block.kind === "heading" ? `${block.text}:` : block.text));
  blocks.push(points.length ? bulletList(points) : paragraph("Geen notities vastgelegd."));

  blocks.push(heading("Afspraken"));
  blocks.push(
    content.agreements.length
      ? bulletList(
          content.agreements.map((a) => {
            const when = a.followUpDate ? `, terugkomen op ${dutchDate(a.followUpDate)}` : "";
            return `${a.text || "(zonder tekst)"} (${a.owner}${when})`;
          }),
        )
      : paragraph("Geen afspraken gemaakt."),
  );
  return { type: "doc", content: blocks };
}

function heading(text: string): JSONContent {
  return { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text }] };
}

function paragraph(text: string): JSONContent {
  return { type: "paragraph", content: [{ type: "text", text }] };
}

function bulletList(items: string[]): JSONContent {
  return { type: "bulletList", content: items.map((text) => ({ type: "listItem", content: [paragraph(text)] })) };
}
