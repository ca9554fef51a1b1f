import StarterKit from "@tiptap/starter-kit";
import type { Extensions } from "@tiptap/core";

/**
 * The document schema of Koers's rich-text fields: the one list of extensions that the
 * browser's editors and the server's document readers share. Yjs carries undo history
 * per user, so Tiptap's own undo/redo is off.
 */
export function koersSchemaExtensions(): Extensions {
  return [StarterKit.configure({ undoRedo: false, link: { openOnClick: false, autolink: true } })];
}
