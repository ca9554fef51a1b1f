import type { Role } from "../../db/schema";
import { MeetingField } from "../collab/protocol";
import { PROPOSERS } from "./agenda-item";
import { oneOf } from "./text-block-node";

// The rules of the shared meeting document that depend on who writes (docs/decisions/009),
// in the terms of the shared schema. Pure: the server applies them to the structs of each
// incoming update (server/collab/extensions/role-rules.ts); an editor can apply them to a
// transaction before it leaves the browser.

/** The fields, node and attributes the rules are about. */
export const ROLE_RULE_SCHEMA = {
  /** Only the aios writes the verslag. */
  reportField: MeetingField.report,
  agendaField: MeetingField.agenda,
  agendaItemNode: "agendaItem",
  idAttribute: "id",
  proposerAttribute: "proposedBy",
  doneAttribute: "done",
} as const;

/** Which rule a change broke. */
export type RoleRule = "onlyAiosWritesReport" | "proposerNeverChanges" | "onlyAiosMovesItems" | "onlyAiosTicksOffItems";

/** The attributes of an agenda item that the rules look at. */
export interface AgendaItemAttrs {
  id: string | null;
  proposedBy: Role;
  done: boolean;
}

/** One agenda item element that an update creates or whose attributes it changes. */
export interface AgendaItemChange {
  /** Identifies the element itself (not its `id` attribute), for the corrections. */
  elementKey: string;
  /** As the document held it before the update; null for an element the update creates. */
  before: AgendaItemAttrs | null;
  /** As the update leaves it. */
  after: AgendaItemAttrs;
}

/** What is known about the agenda before the update. */
export interface AgendaKnowledge {
  /** The proposer of the item with this id: in the agenda now, or seen earlier in this document. */
  proposerOf(id: string): Role | undefined;
  /** Whether an item with this id is in the agenda now. */
  isPresent(id: string): boolean;
}

/** The verdict on an update's agenda changes. */
export interface AgendaVerdict {
  /** The first rule broken: the whole update is refused. */
  broken: RoleRule | null;
  /** New items whose proposer (or done mark) the server sets right afterwards: a new item is its creator's. */
  corrections: Array<{ elementKey: string; proposedBy?: Role; done?: false }>;
}

/** Reads the rules' attributes the way the schema does (agenda-item.ts): unknown proposers read as the default, aios. */
export function agendaItemAttrs(attributes: Record<string, unknown>): AgendaItemAttrs {
  const id = attributes[ROLE_RULE_SCHEMA.idAttribute];
  return {
    id: typeof id === "string" && id !== "" ? id : null,
    proposedBy: oneOf(attributes[ROLE_RULE_SCHEMA.proposerAttribute], PROPOSERS, "aios"),
    done: attributes[ROLE_RULE_SCHEMA.doneAttribute] === true,
  };
}

/**
 * The agenda rules, for an update written by `role`:
 * - an item's proposer is the role of whoever created it and never changes: an item the
 *   document knows (by its id) must keep its proposer; a new one is its creator's, which
 *   the server sets itself when the editor copied another value (Enter inside an item,
 *   paste) instead of refusing a person's ordinary edit;
 * - only the aios moves items: the opleider may not give an existing element another item's
 *   id (how the editor writes a move) nor insert an item that is already on the agenda;
 * - only the aios ticks items off: the opleider may not change `done`, and a new item of
 *   the opleider starts not done.
 * Typing in an item's text, its time box, adding and removing items are free for both.
 */
export function checkAgendaChanges(role: Role, changes: readonly AgendaItemChange[], known: AgendaKnowledge): AgendaVerdict {
  const corrections: AgendaVerdict["corrections"] = [];
  for (const { elementKey, before, after } of changes) {
    if (role !== "aios") {
      if (before) {
        if (after.id !== before.id) return { broken: "onlyAiosMovesItems", corrections: [] };
        if (after.done !== before.done) return { broken: "onlyAiosTicksOffItems", corrections: [] };
      } else if (after.id !== null && known.isPresent(after.id)) {
        return { broken: "onlyAiosMovesItems", corrections: [] };
      }
    }
    const proposer = after.id !== null ? known.proposerOf(after.id) : before?.proposedBy;
    if (proposer !== undefined) {
      if (after.proposedBy !== proposer) return { broken: "proposerNeverChanges", corrections: [] };
      continue;
    }
    const correction: AgendaVerdict["corrections"][number] = { elementKey };
    if (after.proposedBy !== role) correction.proposedBy = role;
    if (role !== "aios" && after.done) correction.done = false;
    if (correction.proposedBy || correction.done === false) corrections.push(correction);
  }
  return { broken: null, corrections };
}
