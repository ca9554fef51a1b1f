import type * as Y from "yjs";
import type { JSONContent } from "@tiptap/core";
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
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
