import { Extension, type Editor } from "@tiptap/core";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import type * as Y from "yjs";
import { MOVED_TEXT_MAP } from "./moved-text";
import { movesOf, MOVED_TEXT_ORIGIN, recordMovedText } from "./record-moved-text";
import { repairConcurrentSplits, SPLIT_REPAIR_ORIGIN } from "./split-repair";

/**
 * Keeps a shared Y.Doc free of text that two people moved at once (both pressed Enter in
 * one sentence): records every move this browser makes, and after every change from
 * elsewhere removes the duplicated copies (split-repair.ts). `mayWrite` says whether this
 * browser may change the doc now (a read-only meeting refuses any change, a repair too).
 * Returns the function that stops.
 */
export function watchConcurrentSplits(doc: Y.Doc, mayWrite: () => boolean = () => true): () => void {
  // As the type Transaction.changed is keyed by.
  const map = doc.getMap(MOVED_TEXT_MAP) as unknown as Y.AbstractType<any>;
  let settled = false;
  let scheduled = false;
  let stopped = false;
  const check = () => {
    scheduled = false;
    if (stopped || !mayWrite()) return;
    settled = repairConcurrentSplits(doc).complete;
  };
  // After the change that brought the duplicate has been shown, never inside it: the editor
  // ignores document changes made while it is writing its own.
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(check);
  };
  const onAfterTransaction = (tr: Y.Transaction) => {
    if (tr.origin === SPLIT_REPAIR_ORIGIN || tr.origin === MOVED_TEXT_ORIGIN) return;
    if (tr.local) {
      // A move made here cannot duplicate anything yet: a copy can only meet another copy
      // that arrives later, from elsewhere.
      const moved = movesOf(tr);
      if (moved.length > 0) recordMovedText(doc, moved);
      return;
    }
    if (tr.changed.has(map)) settled = false;
    if (!settled) schedule();
  };
  doc.on("afterTransaction", onAfterTransaction);
  schedule(); // what the doc already holds (the offline copy, a reload)
  return () => {
    stopped = true;
    doc.off("afterTransaction", onAfterTransaction);
  };
}

const watched = new WeakMap<Y.Doc, { editors: Set<Editor>; stop: () => void }>();

/** One watcher per Y.Doc, however many editors (fields) share it; it repairs while one of them is editable. */
function watchFor(doc: Y.Doc, editor: Editor): () => void {
  let entry = watched.get(doc);
  if (!entry) {
    const editors = new Set<Editor>();
    entry = { editors, stop: watchConcurrentSplits(doc, () => [...editors].some((e) => e.isEditable)) };
    watched.set(doc, entry);
  }
  entry.editors.add(editor);
  return () => {
    const current = watched.get(doc);
    if (!current) return;
    current.editors.delete(editor);
    if (current.editors.size > 0) return;
    current.stop();
    watched.delete(doc);
  };
}

/**
 * The editor side of watchConcurrentSplits: on in every editor bound to a Y.Doc by the
 * Collaboration extension, inert elsewhere (the server's schema, read-only views).
 */
export const ConcurrentSplitRepair = Extension.create<Record<string, never>, { stop: (() => void) | null }>({
  name: "concurrentSplitRepair",
  addStorage: () => ({ stop: null }),
  onCreate() {
    const doc = (ySyncPluginKey.getState(this.editor.state) as { doc?: Y.Doc } | undefined)?.doc;
    if (doc) this.storage.stop = watchFor(doc, this.editor);
  },
  onDestroy() {
    this.storage.stop?.();
    this.storage.stop = null;
  },
});
