import * as Y from "yjs";
import { MeetingField } from "../collab/protocol";

// Server-side edits of agreement and agenda nodes, directly on the Y.Doc, in the shape the
// editors use (y-tiptap maps a node to a Y.XmlElement whose attributes are the node's attrs,
// a null attribute being absent). Run inside CollabServer.editDocument, so each change is
// stored and broadcast like a person's edit.

export type AgreementChange = { status: "afgerond" | "vervallen" | "open" } | { followUpDate: string };

/** Changes one agreement's attributes; false when no agreement with that id is in the document. */
export function changeAgreementInDoc(doc: Y.Doc, agreementId: string, change: AgreementChange): boolean {
  const element = findElement(doc.getXmlFragment(MeetingField.agreements), "agreement", agreementId);
  if (!element) return false;
  for (const [key, value] of Object.entries(change)) element.setAttribute(key, value as string);
  return true;
}

/** Appends an agenda item (e.g. "op de agenda" for an earlier agreement) at the end of the agenda. */
export function appendAgendaItemToDoc(
  doc: Y.Doc,
  item: { id: string; title: string; proposedBy: "aios" | "opleider"; agreementId?: string; timeboxMinutes?: number },
  position: "start" | "end" = "end",
): void {
  const fragment = doc.getXmlFragment(MeetingField.agenda);
  const element = new Y.XmlElement("agendaItem");
  element.setAttribute("id", item.id);
  element.setAttribute("proposedBy", item.proposedBy);
  element.setAttribute("done", false as unknown as string);
  if (item.timeboxMinutes) element.setAttribute("timeboxMinutes", item.timeboxMinutes as unknown as string);
  if (item.agreementId) element.setAttribute("agreementId", item.agreementId);
  const text = new Y.XmlText();
  text.insert(0, item.title);
  element.insert(0, [text]);
  // A field holding only the empty paragraph a new document starts with gets the item instead of it.
  const only = fragment.length === 1 ? fragment.get(0) : null;
  if (only instanceof Y.XmlElement && only.nodeName === "paragraph" && only.length === 0) fragment.delete(0, 1);
  if (position === "start") fragment.insert(0, [element]);
  else fragment.push([element]);
}

/** Whether the agenda already has an item linked to this agreement. */
export function agendaHasAgreement(doc: Y.Doc, agreementId: string): boolean {
  return doc
    .getXmlFragment(MeetingField.agenda)
    .toArray()
    .some((node) => node instanceof Y.XmlElement && node.getAttribute("agreementId") === agreementId);
}

function findElement(parent: Y.XmlFragment | Y.XmlElement, nodeName: string, id: string): Y.XmlElement | null {
  for (const child of parent.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue;
    if (child.nodeName === nodeName && child.getAttribute("id") === id) return child;
    const nested = findElement(child, nodeName, id);
    if (nested) return nested;
  }
  return null;
}
