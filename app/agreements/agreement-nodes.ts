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
