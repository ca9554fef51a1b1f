import type * as Y from "yjs";
import { yXmlFragmentToProseMirrorRootNode } from "@tiptap/y-tiptap";
import { MeetingField } from "../collab/protocol";
import { koersSchema } from "../editor/extensions";
import { readAgenda, readAgreements, readTextBlocks, type AgendaEntry, type AgreementEntry, type TextBlock } from "../editor/read-fields";

/** A meeting's document as read-only content: what a history page shows and what a diff compares. */
export interface VersionContent {
  agenda: AgendaEntry[];
  notes: TextBlock[];
  agreements: AgreementEntry[];
  /** The report (verslag) text, written after the meeting; empty before. */
  report: TextBlock[];
}

/** Reads the fields of a meeting's Y.Doc with the editor's own schema. */
export function readVersionContent(doc: Y.Doc): VersionContent {
  return {
    agenda: readAgenda(doc),
    notes: readTextBlocks(doc, MeetingField.notes),
    agreements: readAgreements(doc),
    report: readTextBlocks(doc, MeetingField.report),
  };
}

/**
 * What a meeting's document says, as one string: every field's content with its attributes,
 * through the editor's schema. Two documents with the same key read the same (whatever
 * their editing history), so "nothing changed since the last version" compares keys.
 */
export function contentKey(doc: Y.Doc): string {
  const schema = koersSchema();
  return JSON.stringify(Object.values(MeetingField).map((field) => yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(field), schema).toJSON()));
}
