import type { Editor } from "@tiptap/core";

/**
 * Moves the top-level node at `pos` one place up (-1) or down (+1) by swapping it with
 * its neighbour, as one change (one undo step, one Yjs update). Keyboard-reachable
 * reordering for the agenda, next to drag and drop.
 */
export function moveNode(editor: Editor, pos: number | undefined, direction: -1 | 1): boolean {
  if (pos === undefined) return false;
  const { state } = editor;
  const $pos = state.doc.resolve(pos);
  const index = $pos.index(0);
  const node = state.doc.child(index);
  const neighbourIndex = index + direction;
  if (neighbourIndex < 0 || neighbourIndex >= state.doc.childCount) return false;
  const neighbour = state.doc.child(neighbourIndex);
  const tr = state.tr;
  if (direction === -1) {
    const start = pos - neighbour.nodeSize;
    tr.replaceWith(start, pos + node.nodeSize, [node, neighbour]);
  } else {
    tr.replaceWith(pos, pos + node.nodeSize + neighbour.nodeSize, [neighbour, node]);
  }
  editor.view.dispatch(tr);
  return true;
}
