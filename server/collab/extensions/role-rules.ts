import * as Y from "yjs";
import { CloseCode } from "../../../app/collab/protocol";
import { agendaItemAttrs, checkAgendaChanges, ROLE_RULE_SCHEMA, type AgendaItemAttrs, type AgendaItemChange, type AgendaVerdict } from "../../../app/editor/role-rules";
import type { Role } from "../../../db/schema";
import { Refusal, type CollabDocument, type CollabExtension, type Connection, type IncomingUpdate } from "../extension";
import { UpdatePlaces, type Place } from "../update-places";
import { meetingIdOf } from "./meeting-document";

const { reportField, agendaField, agendaItemNode } = ROLE_RULE_SCHEMA;

/**
 * The role rules inside a meeting's shared document (issue #13.7, docs/decisions/009): each
 * incoming update is checked field by field against the shared schema before it is
 * applied. Only the aios writes the verslag (`report`); an agenda item's proposer is the
 * server-known role of whoever created it and never changes; only the aios moves items and
 * ticks them off (app/editor/role-rules.ts). A broken rule refuses the whole update (4403,
 * nothing stored). A new item whose editor copied another proposer (Enter inside an item,
 * paste) is the one case the server corrects instead: right after the update, in the same
 * batch. Private notes have one author and no rules.
 */
export function roleRules(): CollabExtension {
  /** Per document: the proposer of every item id seen while it was open (items since removed included, for undo). */
  const seen = new WeakMap<CollabDocument, Map<string, Role>>();
  /** What an accepted update still needs once applied: corrections, and the new item ids to remember. */
  const pending = new WeakMap<IncomingUpdate, { corrections: AgendaVerdict["corrections"]; elements: Map<string, Y.ID>; newIds: string[] }>();

  return {
    name: "role-rules",
    beforeApplyUpdate(connection, update) {
      const document = connection.document!;
      if (meetingIdOf(document) === null) return;
      const role = connection.identity.role;
      const places = new UpdatePlaces(document.doc, update.structs);
      const touched = new Map<string, Touched>();

      const store = document.doc.store;
      for (const struct of update.structs) {
        if (!(struct instanceof Y.Item)) continue;
        // What the document has already (a sync step 2 also carries what the client received
        // from the server since its greeting) changes nothing and is nobody's writing.
        if (struct.id.clock + struct.length <= Y.getState(store, struct.id.client)) continue;
        const place = places.of(struct);
        if (place.root === reportField && role !== "aios") {
          // The editor adds an empty paragraph after a trailing list or heading by itself
          // (Tiptap's TrailingNode), also in a read-only editor: that is no writing.
          // Anything inside it (text, attributes) lands in a new item and is refused here too.
          if (!isEmptyParagraphAtTop(struct, place)) throw refusal("onlyAiosWritesReport");
          continue;
        }
        if (place.root !== agendaField) continue;
        if (isAgendaItemElement(struct)) touchedElement(touched, keyOf(struct.id), struct.id, null).created = true;
        const element = agendaItemOf(place);
        if (element && place.parentSub) touchedElement(touched, element.key, element.id, element.existing).sets.set(place.parentSub, struct);
      }
      // Items this update deletes: their attributes go with them, which changes no proposer.
      const deletedElements = new Set<string>();
      for (const { item, isNew } of places.deletedItems(update.deleteSet)) {
        // Every update carries the sender's whole delete set: what is deleted already is no change.
        if (!isNew && item.deleted) continue;
        const place = isNew ? places.of(item) : UpdatePlaces.ofExisting(item);
        if (place.root === reportField && role !== "aios") throw refusal("onlyAiosWritesReport");
        if (place.root === agendaField && isAgendaItemElement(item)) deletedElements.add(keyOf(item.id));
        if (place.root !== agendaField || isNew || !place.parentSub) continue;
        const element = agendaItemOf(place);
        // Only the current value of an attribute counts: overwritten ones are deleted all the time.
        if (element?.existing && element.existing._map.get(place.parentSub) === item) {
          touchedElement(touched, element.key, element.id, element.existing).removed.add(place.parentSub);
        }
      }
      // (A move by the editor deletes an item and inserts its copy elsewhere: only the copy is checked.)
      for (const key of deletedElements) touched.delete(key);
      if (touched.size === 0) return;

      const agenda = agendaNow(document);
      let proposers = seen.get(document);
      if (!proposers) seen.set(document, (proposers = new Map()));
      for (const [id, proposer] of agenda) if (!proposers.has(id)) proposers.set(id, proposer);
      const known = proposers;
      const changes = [...touched.entries()].map(([key, t]) => changeOf(key, t));
      const verdict = checkAgendaChanges(role, changes, { proposerOf: (id) => known.get(id), isPresent: (id) => agenda.has(id) });
      if (verdict.broken) throw refusal(verdict.broken);
      // A new item is its creator's (corrected below when the editor copied another proposer).
      const newIds = changes.flatMap(({ after }) => (after.id !== null && !known.has(after.id) ? [after.id] : []));
      pending.set(update, { corrections: verdict.corrections, elements: new Map([...touched].map(([key, t]) => [key, t.id])), newIds });
    },
    afterApplyUpdate(connection: Connection, update: IncomingUpdate) {
      const fix = pending.get(update);
      if (!fix) return;
      const document = connection.document!;
      const proposers = seen.get(document);
      for (const id of fix.newIds) if (proposers && !proposers.has(id)) proposers.set(id, connection.identity.role);
      if (fix.corrections.length === 0) return;
      document.editAsServer((doc) => {
        for (const { elementKey, proposedBy, done } of fix.corrections) {
          const id = fix.elements.get(elementKey);
          const item = id ? Y.getItem(doc.store, id) : null;
          if (!(item instanceof Y.Item) || item.deleted || !(item.content instanceof Y.ContentType)) continue;
          const element = item.content.type as Y.XmlElement;
          if (proposedBy) element.setAttribute(ROLE_RULE_SCHEMA.proposerAttribute, proposedBy);
          if (done === false) element.setAttribute(ROLE_RULE_SCHEMA.doneAttribute, false as unknown as string);
        }
      });
    },
  };
}

/** What an update does to one agenda item element. */
interface Touched {
  id: Y.ID;
  /** The element as the document holds it; null for one the update creates. */
  existing: Y.XmlElement | null;
  created: boolean;
  /** Attribute values it sets (the last item per key) and attributes it removes. */
  sets: Map<string, Y.Item>;
  removed: Set<string>;
}

function touchedElement(touched: Map<string, Touched>, key: string, id: Y.ID, existing: Y.XmlElement | null): Touched {
  let entry = touched.get(key);
  if (!entry) touched.set(key, (entry = { id, existing, created: false, sets: new Map(), removed: new Set() }));
  return entry;
}

function changeOf(elementKey: string, t: Touched): AgendaItemChange {
  const before = t.existing ? agendaItemAttrs(t.existing.getAttributes()) : null;
  const attributes: Record<string, unknown> = t.existing ? { ...t.existing.getAttributes() } : {};
  for (const key of t.removed) delete attributes[key];
  for (const [key, item] of t.sets) {
    const values = item.content.getContent();
    attributes[key] = item.deleted ? undefined : values[values.length - 1];
  }
  return { elementKey, before: t.created ? null : before, after: agendaItemAttrs(attributes) };
}

/** The agenda item element a place is inside of directly (its attributes), if any. */
function agendaItemOf(place: Place): { key: string; id: Y.ID; existing: Y.XmlElement | null } | null {
  const parent = place.parent;
  if (parent instanceof Y.Item) return isAgendaItemElement(parent) ? { key: keyOf(parent.id), id: parent.id, existing: null } : null;
  if (parent instanceof Y.XmlElement && parent.nodeName === agendaItemNode && parent._item) {
    return { key: keyOf(parent._item.id), id: parent._item.id, existing: parent };
  }
  return null;
}

/** A new, empty paragraph directly in the field (its content, if any, would be other structs). */
function isEmptyParagraphAtTop(item: Y.Item, place: Place): boolean {
  const atTop = place.parent === null || (place.parent instanceof Y.AbstractType && place.parent._item === null);
  return atTop && place.parentSub === null && item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement && item.content.type.nodeName === "paragraph";
}

function isAgendaItemElement(item: Y.Item): boolean {
  return item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement && item.content.type.nodeName === agendaItemNode;
}

function keyOf(id: Y.ID): string {
  return `${id.client}:${id.clock}`;
}

/** The agenda as it is before the update: each item id with its proposer (the first item with an id counts). */
function agendaNow(document: CollabDocument): Map<string, Role> {
  const items = new Map<string, Role>();
  const root = document.doc.share.get(agendaField);
  for (let item = root?._start ?? null; item !== null; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentType)) continue;
    const type = item.content.type;
    if (!(type instanceof Y.XmlElement) || type.nodeName !== agendaItemNode) continue;
    const attrs: AgendaItemAttrs = agendaItemAttrs(type.getAttributes());
    if (attrs.id !== null && !items.has(attrs.id)) items.set(attrs.id, attrs.proposedBy);
  }
  return items;
}

function refusal(rule: string): Refusal {
  return new Refusal(CloseCode.roleRule, `role rule: ${rule}`);
}
