import StarterKit from "@tiptap/starter-kit";
import { getSchema, type Extensions } from "@tiptap/core";
import type { Schema } from "@tiptap/pm/model";
import { AgendaItem } from "./agenda-item";
import { Agreement } from "./agreement";
import { HeadingAgendaLink } from "./heading-link";

/**
 * The document schema of Koers's rich-text fields: the one list of extensions that the
 * browser's editors and the server's document readers share. Yjs carries undo history
 * per user, so Tiptap's own undo/redo is off.
 */
export function koersSchemaExtensions(): Extensions {
  return [StarterKit.configure({ undoRedo: false, link: { openOnClick: false, autolink: true } }), AgendaItem, Agreement, HeadingAgendaLink];
}

let schema: Schema | null = null;

/** The ProseMirror schema built from those extensions (for reading documents without an editor). */
export function koersSchema(): Schema {
  return (schema ??= getSchema(koersSchemaExtensions()));
}
