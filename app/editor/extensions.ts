import StarterKit from "@tiptap/starter-kit";
import { Link } from "@tiptap/extension-link";
import { getSchema, type Extensions } from "@tiptap/core";
import type { Schema } from "@tiptap/pm/model";
import { AgendaItem } from "./agenda-item";
import { Agreement } from "./agreement";
import { HeadingAgendaLink } from "./heading-link";
import { ConcurrentSplitRepair } from "./concurrent-split-repair";

/**
 * The document schema of Koers's rich-text fields: the one list of extensions that the
 * browser's editors and the server's document readers share. Yjs carries undo history
 * per user, so Tiptap's own undo/redo is off.
 */
export function koersSchemaExtensions(): Extensions {
  return [
    StarterKit.configure({ undoRedo: false, link: false }),
    SafeLink.configure({ openOnClick: false, autolink: true, HTMLAttributes: { target: LINK_TARGET, rel: LINK_REL, class: null } }),
    AgendaItem,
    Agreement,
    HeadingAgendaLink,
    // Two Enters in one sentence at once must not leave its rest twice (decision 011).
    ConcurrentSplitRepair,
  ];
}

const LINK_TARGET = "_blank";
const LINK_REL = "noopener noreferrer nofollow";

/**
 * StarterKit's Link, whose href is already limited to safe protocols (no javascript:, data:,
 * vbscript:), but which takes `rel`, `target` and `class` from pasted HTML: a copied
 * `<a target="_blank" rel="opener">` would give the opened page `window.opener` (it could
 * send the Koers tab to a fake login page), and a class could dress a link up as our UI.
 * Here those three are fixed, when parsing and when rendering, so neither pasted HTML nor
 * a mark written straight into the Y.Doc can change them.
 */
const SafeLink = Link.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      target: fixedAttribute("target", LINK_TARGET),
      rel: fixedAttribute("rel", LINK_REL),
      class: { default: null, parseHTML: () => null, renderHTML: () => ({}) },
    };
  },
});

function fixedAttribute(name: string, value: string) {
  return { default: value, parseHTML: () => value, renderHTML: () => ({ [name]: value }) };
}

let schema: Schema | null = null;

/** The ProseMirror schema built from those extensions (for reading documents without an editor). */
export function koersSchema(): Schema {
  return (schema ??= getSchema(koersSchemaExtensions()));
}
