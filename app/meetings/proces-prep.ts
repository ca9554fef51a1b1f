import type { JSONContent } from "@tiptap/core";

// The procesgericht leergesprek's 3+3: before the meeting each side writes, privately, three
// things that go well and three to improve. In the meeting the aios reveals both at once
// into the shared notes. The preparation lives in a field of each person's private document.

/** The field of the private notes document that holds the 3+3 preparation. */
export const PREP_FIELD = "prep";

/** Marks the notes heading that the reveal wrote, so both sets are revealed once. */
export const REVEAL_MARKER = "proces-prep-reveal";

const bullets = (n: number): JSONContent => ({
  type: "bulletList",
  content: Array.from({ length: n }, () => ({ type: "listItem", content: [{ type: "paragraph" }] })),
});
const heading = (level: 2 | 3, text: string, agendaItemId?: string): JSONContent => ({
  type: "heading",
  attrs: { level, ...(agendaItemId ? { agendaItemId } : {}) },
  content: [{ type: "text", text }],
});

/** The empty 3+3 a person fills in before the meeting. */
export function prepTemplate(): JSONContent {
  return { type: "doc", content: [heading(3, "Wat gaat goed"), bullets(3), heading(3, "Wat kan beter"), bullets(3)] };
}

/** The notes blocks of the reveal: both preparations under their author's name, then the action point. */
export function revealBlocks(sides: Array<{ label: string; blocks: JSONContent[] }>): JSONContent[] {
  return [
    heading(2, "Voorbereiding 3+3", REVEAL_MARKER),
    ...sides.flatMap((side) => [heading(3, side.label), ...(side.blocks.length ? side.blocks : [{ type: "paragraph", content: [{ type: "text", text: "(niets voorbereid)" }] }])]),
    heading(3, "Actiepunt"),
    { type: "paragraph", content: [{ type: "text", text: "Ten minste één actiepunt met plan van aanpak; zet het ook bij de afspraken." }] },
  ];
}
