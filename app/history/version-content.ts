import type * as Y from "yjs";
import { yXmlFragmentToProseMirrorRootNode } from "@tiptap/y-tiptap";
import { koersSchema } from "../editor/extensions";
import { readAgenda, readAgreements, readTextBlocks } from "../editor/read-fields";
import {
  DOCUMENT_FIELD_NAMES,
  MEETING_FIELDS,
  RECORD_FIELD_NAMES,
  type EntryType,
  type EntryTypes,
  type MeetingContent,
  type RecordContent,
} from "../meetings/fields";

/** A meeting's document (and the parts kept beside it) as read-only content: what a history page shows and what a diff compares. */
export type VersionContent = MeetingContent;

/** How each type of document entry is read from a Y.Doc fragment, with the editor's schema. */
const READERS: { [E in Exclude<EntryType, "consultFeedback">]: (doc: Y.Doc, fragment: string) => EntryTypes[E][] } = {
  agendaItem: readAgenda,
  agreement: readAgreements,
  textBlock: readTextBlocks,
};

/**
 * Reads every document field of a meeting's Y.Doc (meeting-fields.ts) with the editor's own
 * schema; the parts kept in the database come from `records` (as they were at the same moment).
 */
export function readVersionContent(doc: Y.Doc, records: Partial<RecordContent> = {}): VersionContent {
  const content: Record<string, unknown[]> = {};
  for (const name of DOCUMENT_FIELD_NAMES) {
    const field = MEETING_FIELDS[name];
    content[name] = READERS[field.entry](doc, field.fragment);
  }
  for (const name of RECORD_FIELD_NAMES) content[name] = records[name] ?? [];
  return content as VersionContent;
}

/**
 * What a meeting's document says, as one string: every field's content with its attributes,
 * through the editor's schema. Two documents with the same key read the same (whatever
 * their editing history), so "nothing changed since the last version" compares keys.
 */
export function contentKey(doc: Y.Doc): string {
  const schema = koersSchema();
  return JSON.stringify(DOCUMENT_FIELD_NAMES.map((name) => yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(MEETING_FIELDS[name].fragment), schema).toJSON()));
}
