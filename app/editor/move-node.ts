import type { Editor } from "@tiptap/core";
import type { Node as PmNode } from "@tiptap/pm/model";

/** An empty paragraph: nothing a person sees as a place in the list. */
function isBlank(node: PmNode): boolean {
  return node.type.name === "paragraph" && node.content.size === 0;
}

/**
 * The index of the nearest top-level node from `index` in `direction` that a person sees
 * (not an empty paragraph), or null at the edge of the field.
 */
export function visibleNeighbourIndex(doc: PmNode, index: number, direction: -1 | 1): number | null {
  for (let i = index + direction; i >= 0 && i < doc.childCount; i += direction) {
    if (!isBlank(doc.child(i))) return i;
  }
  return null;
}

/**
 * Moves the top-level node at `pos` one visible place up (-1) or down (+1): it swaps with the
 * nearest neighbour that is not an empty paragraph, and the empty paragraphs between the two
 * are dropped, so blank lines neither count as places nor pile up between agenda items. One
 * change (one undo step, one Yjs update). Returns false at the edge of the field.
 */
export function moveNode(editor: Editor, pos: number | undefined, direction: -1 | 1): boolean {
  if (pos === undefined) return false;
  const { doc } = editor.state;
  const index = doc.resolve(pos).index(0);
  const node = doc.child(index);
  const neighbourIndex = visibleNeighbourIndex(doc, index, direction);
  if (neighbourIndex === null) return false;
  const neighbour = doc.child(neighbourIndex);
  const [first, last] = direction === -1 ? [neighbourIndex, index] : [index, neighbourIndex];
  let from = 0;
  for (let i = 0; i < first; i++) from += doc.child(i).nodeSize;
  let to = from;
  for (let i = first; i <= last; i++) to += doc.child(i).nodeSize;
  const tr = editor.state.tr.replaceWith(from, to, direction === -1 ? [node, neighbour] : [neighbour, node]);
  editor.view.dispatch(tr);
  return true;
}

/** Whether the top-level node at `pos` can move one visible place in `direction`. */
export function canMoveNode(doc: PmNode, pos: number | undefined, direction: -1 | 1): boolean {
  if (pos === undefined || pos > doc.content.size) return false;
  return visibleNeighbourIndex(doc, doc.resolve(pos).index(0), direction) !== null;
}
