import * as Y from "yjs";
import { EditorState, TextSelection, type Command } from "@tiptap/pm/state";
import type { Node as PMNode } from "@tiptap/pm/model";
import { initProseMirrorDoc, updateYFragment, ySyncPluginKey } from "@tiptap/y-tiptap";
import { koersSchema } from "../../app/editor/extensions";

/**
 * A ProseMirror editor without a DOM, bound to one field of a Y.Doc the way the browser's
 * editor is: each local change is written to Yjs by y-prosemirror's own `updateYFragment`
 * (in a transaction with the sync plugin's origin, as the binding does), and every other
 * change to the field rebuilds the editor's document from Yjs.
 */
export class HeadlessEditor {
  state!: EditorState;
  private meta!: ReturnType<typeof initProseMirrorDoc>["meta"];
  readonly fragment: Y.XmlFragment;
  private writing = false;

  constructor(
    readonly doc: Y.Doc,
    readonly field = "notes",
  ) {
    this.fragment = doc.getXmlFragment(field);
    this.render();
    this.fragment.observeDeep(() => {
      if (!this.writing) this.render();
    });
  }

  private render(): void {
    const { doc, meta } = initProseMirrorDoc(this.fragment, koersSchema());
    this.meta = meta;
    this.state = EditorState.create({ schema: koersSchema(), doc });
  }

  /** Runs a ProseMirror command as the browser would on a key press; returns whether it applied. */
  run(command: Command): boolean {
    return command(this.state, (tr) => {
      this.state = this.state.apply(tr);
      this.writing = true;
      try {
        this.doc.transact(() => updateYFragment(this.doc, this.fragment, this.state.doc, this.meta), ySyncPluginKey);
      } finally {
        this.writing = false;
      }
    });
  }

  /** Puts the caret `offset` characters into the text of the `block`-th textblock (0-based, in document order). */
  caretAt(block: number, offset: number): void {
    let found = -1;
    let position: number | null = null;
    this.state.doc.descendants((node, pos) => {
      if (position !== null) return false;
      if (node.isTextblock && ++found === block) position = pos + 1 + offset;
      return true;
    });
    if (position === null) throw new Error(`no textblock ${block}`);
    this.state = this.state.apply(this.state.tr.setSelection(TextSelection.create(this.state.doc, position)));
  }

  /** Types text at the caret. */
  type(text: string): void {
    this.run((state, dispatch) => {
      dispatch?.(state.tr.insertText(text));
      return true;
    });
  }

  /** The text of every textblock, in document order (what a person reads, one line per block). */
  lines(): string[] {
    return textblocks(this.state.doc);
  }
}

/** The text of every textblock of a field as stored in Yjs (what a reload would show). */
export function storedLines(doc: Y.Doc, field = "notes"): string[] {
  return textblocks(initProseMirrorDoc(doc.getXmlFragment(field), koersSchema()).doc);
}

function textblocks(doc: PMNode): string[] {
  const lines: string[] = [];
  doc.descendants((node) => {
    if (node.isTextblock) lines.push(node.textContent);
    return !node.isTextblock;
  });
  return lines;
}

/** Sends each doc's changes to every other, as a server would relay them (all at once: the splits were concurrent). */
export function exchange(...docs: Y.Doc[]): void {
  const states = docs.map((doc) => Y.encodeStateAsUpdate(doc));
  docs.forEach((doc, i) => states.forEach((state, j) => i !== j && Y.applyUpdate(doc, state, "remote")));
}

/**
 * Lets every peer react (repairs run in a microtask after a change arrives) and relays
 * again, until all docs hold the same state. Returns how many rounds that took.
 */
export async function converge(...docs: Y.Doc[]): Promise<number> {
  for (let round = 1; round <= 10; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    exchange(...docs);
    await new Promise((resolve) => setImmediate(resolve));
    const first = Y.snapshot(docs[0]!);
    if (docs.every((doc) => Y.equalSnapshots(Y.snapshot(doc), first))) return round;
  }
  throw new Error("the docs did not converge in 10 rounds");
}
