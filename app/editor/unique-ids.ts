import { Extension } from "@tiptap/core";
import { Plugin } from "@tiptap/pm/state";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { newNodeId } from "../meetings/templates";

const TRACKED = new Set(["agendaItem", "agreement"]);

/**
 * Gives every agenda item and agreement its own id: pressing Enter inside one splits it
 * (the new half would copy the id) and pasting copies ids too. Only local edits are
 * checked, never changes arriving from the other person, so two browsers do not both
 * "fix" the same node. The later duplicate gets a fresh id; the first keeps its own.
 */
export const UniqueNodeIds = Extension.create({
  name: "uniqueNodeIds",
  addProseMirrorPlugins() {
    return [
      new Plugin({
        appendTransaction: (transactions, _old, state) => {
          if (!transactions.some((tr) => tr.docChanged && !tr.getMeta(ySyncPluginKey))) return null;
          const seen = new Set<string>();
          const tr = state.tr;
          state.doc.forEach((node, offset) => {
            if (!TRACKED.has(node.type.name)) return;
            const id = node.attrs.id as string | null;
            if (id && !seen.has(id)) {
              seen.add(id);
              return;
            }
            const fresh = newNodeId();
            seen.add(fresh);
            tr.setNodeMarkup(offset, undefined, { ...node.attrs, id: fresh });
          });
          return tr.docChanged ? tr : null;
        },
      }),
    ];
  },
});
