import type { Editor, JSONContent } from "@tiptap/core";

/**
 * Appends blocks at the end of a field. A field that holds only the empty paragraph every
 * new document starts with is replaced instead, so lists do not begin with a blank line.
 */
export function appendBlocks(editor: Editor, blocks: JSONContent | JSONContent[]): void {
  const { doc } = editor.state;
  const onlyEmptyParagraph = doc.childCount === 1 && doc.firstChild?.type.name === "paragraph" && doc.firstChild.content.size === 0;
  const range = onlyEmptyParagraph ? { from: 0, to: doc.content.size } : doc.content.size;
  editor.chain().insertContentAt(range, blocks).run();
}
