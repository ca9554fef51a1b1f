import type * as Y from "yjs";
import { yXmlFragmentToProseMirrorRootNode } from "@tiptap/y-tiptap";
import { koersSchema } from "./extensions";
import { AGREEMENT_OWNERS, AGREEMENT_STATUSES, isoDateOrNull, oneOf, type AgreementOwner, type AgreementStatus } from "./agreement";
import { minutesOrNull, PROPOSERS, type Proposer } from "./agenda-item";
import { MeetingField } from "../collab/protocol";

export interface AgreementEntry {
  id: string | null;
  text: string;
  owner: AgreementOwner;
  followUpDate: string | null;
  status: AgreementStatus;
}

export interface AgendaEntry {
  id: string | null;
  title: string;
  timeboxMinutes: number | null;
  proposedBy: Proposer;
  done: boolean;
}

/** Reads the agreements of a meeting's Y.Doc with the editor's own schema, in document order. */
export function readAgreements(doc: Y.Doc): AgreementEntry[] {
  const root = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(MeetingField.agreements), koersSchema());
  const entries: AgreementEntry[] = [];
  root.descendants((node) => {
    if (node.type.name !== "agreement") return true;
    entries.push({
      id: typeof node.attrs.id === "string" ? node.attrs.id : null,
      text: node.textContent.trim(),
      owner: oneOf(node.attrs.owner, AGREEMENT_OWNERS, "aios"),
      followUpDate: isoDateOrNull(node.attrs.followUpDate),
      status: oneOf(node.attrs.status, AGREEMENT_STATUSES, "open"),
    });
    return false;
  });
  return entries;
}

/** Reads the agenda items of a meeting's Y.Doc, in the order the aios put them. */
export function readAgenda(doc: Y.Doc): AgendaEntry[] {
  const root = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(MeetingField.agenda), koersSchema());
  const entries: AgendaEntry[] = [];
  root.descendants((node) => {
    if (node.type.name !== "agendaItem") return true;
    entries.push({
      id: typeof node.attrs.id === "string" ? node.attrs.id : null,
      title: node.textContent.trim(),
      timeboxMinutes: minutesOrNull(node.attrs.timeboxMinutes),
      proposedBy: oneOf(node.attrs.proposedBy, PROPOSERS, "aios"),
      done: node.attrs.done === true,
    });
    return false;
  });
  return entries;
}
