import type * as Y from "yjs";
import { appendToField } from "../../app/editor/write-fields";
import { MeetingField } from "../../app/collab/protocol";
import { buildAgendaItems } from "../../app/meetings/templates";

/** Adds an agenda item to a meeting's document through the shared schema (what the editor writes). */
export function appendAgendaItemForTest(doc: Y.Doc, title: string, timeboxMinutes: number | null = null): void {
  appendToField(doc, MeetingField.agenda, buildAgendaItems([{ title, timeboxMinutes }], "aios"));
}
