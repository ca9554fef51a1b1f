import { Extension } from "@tiptap/core";
import { Plugin, type EditorState, type Transaction } from "@tiptap/pm/state";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { newNodeId } from "../meetings/templates";
import { nodeIdOrNull } from "./text-block-node";

const TRACKED = new Set(["agendaItem", "agreement"]);

/**
 * Gives every agenda item and agreement an id of its own, of the allowed form (nodeIdOrNull):
 * - A forged id (one a modified client wrote into the shared document) is replaced as soon as
 *   this editor reads it, also when it arrived from the other person: any fresh id will do, and
 *   if both browsers replace it at once, Yjs keeps one of the two.
 * - A missing or duplicate id is fixed on local edits only (pressing Enter inside a node splits
 *   it and the new half copies the id; pasting copies ids too), never on changes arriving from
 *   the other person, so two browsers do not both "fix" the same pair of nodes: the later
 *   duplicate gets a fresh id; the first keeps its own.
 * A read-only editor changes nothing (the server would refuse the change).
 */
export const UniqueNodeIds = Extension.create({
  name: "uniqueNodeIds",
  addProseMirrorPlugins() {
    const editor = this.editor;
    return [
      new Plugin({
        appendTransaction: (transactions, _old, state) => {
          if (!editor.isEditable || !transactions.some((tr) => tr.docChanged)) return null;
          const local = transactions.some((tr) => tr.docChanged && !tr.getMeta(ySyncPluginKey));
          return fixNodeIds(state, { duplicatesAndMissing: local });
        },
      }),
    ];
  },
});

/**
 * The transaction that gives tracked nodes a fresh id where theirs is forged (always) or
 * missing or a duplicate (when `duplicatesAndMissing`), or null when every id is fine.
 */
export function fixNodeIds(state: EditorState, options: { duplicatesAndMissing: boolean }, freshId: () => string = newNodeId): Transaction | null {
  const seen = new Set<string>();
  const tr = state.tr;
  state.doc.forEach((node, offset) => {
    if (!TRACKED.has(node.type.name)) return;
    const raw: unknown = node.attrs.id;
    const id = nodeIdOrNull(raw);
    const forged = raw !== null && raw !== undefined && id === null;
    if (!forged && (!options.duplicatesAndMissing || (id && !seen.has(id)))) {
      if (id) seen.add(id);
      return;
    }
    const fresh = freshId();
    seen.add(fresh);
    tr.setNodeMarkup(offset, undefined, { ...node.attrs, id: fresh });
  });
  return tr.docChanged ? tr : null;
}
