import { describe, expect, it } from "vitest";
import { EditorState } from "@tiptap/pm/state";
import type { Editor } from "@tiptap/core";
import type { Node as PmNode } from "@tiptap/pm/model";
import { koersSchema } from "./extensions";
import { canMoveNode, moveNode } from "./move-node";

// Issue #12 item 2: one click on ↑/↓ moves an agenda item one visible place, however many
// empty paragraphs lie between items (Tiptap's trailing paragraph, Enter pressed between them).

const schema = koersSchema();
const item = (title: string) => schema.nodes.agendaItem!.create({ id: title }, schema.text(title));
const blank = () => schema.nodes.paragraph!.create();

/** Just enough of an Editor for moveNode: its state and a dispatch that applies to it. */
function editorWith(nodes: PmNode[]) {
  const holder = { state: EditorState.create({ schema, doc: schema.nodes.doc!.create(null, nodes) }) };
  const editor = { get state() { return holder.state; }, view: { dispatch: (tr: Parameters<EditorState["apply"]>[0]) => (holder.state = holder.state.apply(tr)) } };
  return editor as unknown as Editor;
}
const positionOf = (editor: Editor, title: string) => {
  let found = -1;
  editor.state.doc.forEach((node, offset) => {
    if (node.textContent === title) found = offset;
  });
  return found;
};
const shape = (editor: Editor) => {
  const out: string[] = [];
  editor.state.doc.forEach((node) => out.push(node.type.name === "paragraph" && node.content.size === 0 ? "_" : node.textContent));
  return out;
};

describe("moveNode", () => {
  it("moves an item one visible place up past empty paragraphs, and drops the empties it passed", () => {
    const editor = editorWith([item("A"), blank(), item("B"), blank(), blank(), item("C"), blank()]);
    expect(moveNode(editor, positionOf(editor, "C"), -1)).toBe(true);
    expect(shape(editor)).toEqual(["A", "_", "C", "B", "_"]);
    expect(moveNode(editor, positionOf(editor, "C"), -1)).toBe(true);
    expect(shape(editor)).toEqual(["C", "A", "B", "_"]);
  });

  it("moves an item one visible place down, and stops at the last item (a trailing blank is no place)", () => {
    const editor = editorWith([item("A"), blank(), item("B"), blank()]);
    expect(moveNode(editor, positionOf(editor, "A"), 1)).toBe(true);
    expect(shape(editor)).toEqual(["B", "A", "_"]);
    expect(canMoveNode(editor.state.doc, positionOf(editor, "A"), 1)).toBe(false);
    expect(moveNode(editor, positionOf(editor, "A"), 1)).toBe(false);
    expect(shape(editor)).toEqual(["B", "A", "_"]);
  });

  it("keeps the moved item's attributes (its stable id) and refuses at the top", () => {
    const editor = editorWith([blank(), item("A"), item("B")]);
    expect(canMoveNode(editor.state.doc, positionOf(editor, "A"), -1)).toBe(false);
    expect(moveNode(editor, positionOf(editor, "B"), -1)).toBe(true);
    expect(editor.state.doc.child(1).attrs.id).toBe("B");
    expect(shape(editor)).toEqual(["_", "B", "A"]);
  });
});
