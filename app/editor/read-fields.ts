import type * as Y from "yjs";
import type { Node as PMNode } from "@tiptap/pm/model";
import { yXmlFragmentToProseMirrorRootNode } from "@tiptap/y-tiptap";
import { koersSchema } from "./extensions";
import { AGREEMENT_OWNERS, AGREEMENT_STATUSES, isoDateOrNull, type AgreementOwner, type AgreementStatus } from "./agreement";
import { linkIdOrNull, oneOf } from "./text-block-node";
import { minutesOrNull, PROPOSERS, type Proposer } from "./agenda-item";
import { MeetingField } from "../collab/protocol";

export interface AgreementEntry {
  id: string | null;
  text: string;
  owner: AgreementOwner;
  followUpDate: string | null;
  status: AgreementStatus;
  /** The learning goal it works towards, or null. */
  goalId: string | null;
}

export interface AgendaEntry {
  id: string | null;
  title: string;
  timeboxMinutes: number | null;
  proposedBy: Proposer;
  done: boolean;
  /** The learning goal it is about, or null. */
  goalId: string | null;
}

/** Reads the agreements of a meeting's Y.Doc with the editor's own schema, in document order. */
export function readAgreements(doc: Y.Doc, field: string = MeetingField.agreements): AgreementEntry[] {
  return readNodes(doc, field, "agreement", (node) => ({
    id: stableId(node),
    text: node.textContent.trim(),
    owner: oneOf(node.attrs.owner, AGREEMENT_OWNERS, "aios"),
    followUpDate: isoDateOrNull(node.attrs.followUpDate),
    status: oneOf(node.attrs.status, AGREEMENT_STATUSES, "open"),
    goalId: linkIdOrNull(node.attrs.goalId),
  }));
}

/** Reads the agenda items of a meeting's Y.Doc, in the order the aios put them. */
export function readAgenda(doc: Y.Doc, field: string = MeetingField.agenda): AgendaEntry[] {
  return readNodes(doc, field, "agendaItem", (node) => ({
    id: stableId(node),
    title: node.textContent.trim(),
    timeboxMinutes: minutesOrNull(node.attrs.timeboxMinutes),
    proposedBy: oneOf(node.attrs.proposedBy, PROPOSERS, "aios"),
    done: node.attrs.done === true,
    goalId: linkIdOrNull(node.attrs.goalId),
  }));
}

/** Every node of one type in a field, read through the shared schema, in document order. */
function readNodes<T>(doc: Y.Doc, field: string, nodeType: string, read: (node: PMNode) => T): T[] {
  const root = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(field), koersSchema());
  const entries: T[] = [];
  root.descendants((node) => {
    if (node.type.name !== nodeType) return true;
    entries.push(read(node));
    return false; // its content is its text, nothing nested to visit
  });
  return entries;
}

function stableId(node: PMNode): string | null {
  return typeof node.attrs.id === "string" ? node.attrs.id : null;
}

/** A field as plain text blocks (headings, paragraphs, list items), for read-only views and exports. */
export interface TextBlock {
  kind: "heading" | "paragraph" | "listItem";
  text: string;
}

export function readTextBlocks(doc: Y.Doc, field: string): TextBlock[] {
  const root = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(field), koersSchema());
  const blocks: TextBlock[] = [];
  root.descendants((node, _pos, parent) => {
    if (!node.isTextblock) return true;
    const text = node.textContent.trim();
    if (!text) return false;
    const kind = node.type.name === "heading" ? "heading" : parent?.type.name === "listItem" ? "listItem" : "paragraph";
    blocks.push({ kind, text });
    return false;
  });
  return blocks;
}
