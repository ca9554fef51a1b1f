import type * as Y from "yjs";
import type { JSONContent } from "@tiptap/core";
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from "@tiptap/y-tiptap";
import { koersSchema } from "./extensions";

/**
 * Fills an EMPTY field of a meeting's Y.Doc with Tiptap JSON (a `doc` node), through the
 * editor's own schema, so what the server writes is exactly what the editor would.
 * Returns false and leaves the field alone when it already has content.
 */
export function fillEmptyField(doc: Y.Doc, field: string, content: JSONContent): boolean {
  const fragment = doc.getXmlFragment(field);
  if (fragment.length > 0) return false;
  const schema = koersSchema();
  // Validates against the schema (throws on content the editor could not hold).
  schema.nodeFromJSON(content).check();
  prosemirrorJSONToYXmlFragment(schema, content, fragment);
  return true;
}

/**
 * Appends blocks to a field that may already hold content, through the shared schema: the
 * field is rewritten as "what it holds + the new blocks", which y-tiptap turns into
 * inserting only the new nodes (existing ones are matched and kept).
 */
export function appendToField(doc: Y.Doc, field: string, blocks: JSONContent[]): void {
  const fragment = doc.getXmlFragment(field);
  const schema = koersSchema();
  const current = yXmlFragmentToProseMirrorRootNode(fragment, schema).toJSON() as JSONContent;
  const existing = (current.content ?? []).filter((n) => !(n.type === "paragraph" && !n.content?.length && fragment.length === 1));
  const next: JSONContent = { type: "doc", content: [...existing, ...blocks] };
  schema.nodeFromJSON(next).check();
  prosemirrorJSONToYXmlFragment(schema, next, fragment);
}

/** A field's content as Tiptap JSON blocks (empty paragraphs dropped). */
export function fieldBlocks(doc: Y.Doc, field: string): JSONContent[] {
  const json = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(field), koersSchema()).toJSON() as JSONContent;
  return (json.content ?? []).filter((n) => !(n.type === "paragraph" && !n.content?.length));
}
