import * as Y from "yjs";

// Where the structs of an incoming update land, resolved against the document before the
// update is applied: each new item's root field and parent (an existing type, or an item
// the same update creates) and map key; each deleted item's the same. Yjs encodes a
// parent only when an item has no neighbours; otherwise it follows from the neighbour
// (origin) the item is attached to, which may itself be new in the update.

/** Where one item lands. */
export interface Place {
  /** The root field (Y.Doc share name), or null when it cannot be told (garbage-collected neighbours). */
  root: string | null;
  /** The type it goes into: an existing one, or the item of this update that creates it. */
  parent: Y.AbstractType<unknown> | Y.Item | null;
  /** Its key when the parent is a map (an XML element's attribute), else null. */
  parentSub: string | null;
}

const NOWHERE: Place = { root: null, parent: null, parentSub: null };

/** Resolves the places of one update's structs against a document (which must not change meanwhile). */
export class UpdatePlaces {
  private readonly places = new Map<Y.Item, Place>();
  private readonly byClient = new Map<number, Y.Item[]>();
  private static readonly roots = new WeakMap<Y.AbstractType<unknown>, string | null>();

  constructor(
    private readonly doc: Y.Doc,
    structs: ReadonlyArray<Y.Item | Y.GC | Y.Skip>,
  ) {
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue;
      let list = this.byClient.get(struct.id.client);
      if (!list) this.byClient.set(struct.id.client, (list = []));
      list.push(struct);
    }
  }

  /** Where an item of the update lands. */
  of(item: Y.Item): Place {
    const cached = this.places.get(item);
    if (cached) return cached;
    const place = this.resolve(item);
    this.places.set(item, place);
    return place;
  }

  /** The place of an item already in the document. */
  static ofExisting(item: Y.Item): Place {
    const parent = item.parent;
    if (!(parent instanceof Y.AbstractType)) return NOWHERE;
    return { root: UpdatePlaces.rootOf(parent), parent, parentSub: item.parentSub };
  }

  /** Every item a delete set covers: those in the document, and those the update itself creates. */
  *deletedItems(deleteSet: { clients: Map<number, Array<{ clock: number; len: number }>> }): Generator<{ item: Y.Item; isNew: boolean }> {
    for (const [client, ranges] of deleteSet.clients) {
      const structs = this.doc.store.clients.get(client) ?? [];
      const fresh = this.byClient.get(client) ?? [];
      for (const { clock, len } of ranges) {
        const end = clock + len;
        if (structs.length && clock < Y.getState(this.doc.store, client)) {
          for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < end; i++) {
            const struct = structs[i]!;
            if (struct instanceof Y.Item) yield { item: struct, isNew: false };
          }
        }
        // Items of the update the document already has are covered by the loop above.
        const state = Y.getState(this.doc.store, client);
        for (const item of fresh) {
          if (item.id.clock + item.length > state && item.id.clock < end && item.id.clock + item.length > clock) yield { item, isNew: true };
        }
      }
    }
  }

  /** The root field name of an existing type. */
  static rootOf(type: Y.AbstractType<unknown>): string | null {
    const cached = UpdatePlaces.roots.get(type);
    if (cached !== undefined) return cached;
    let top: Y.AbstractType<unknown> = type;
    while (top._item !== null) {
      const parent: unknown = top._item.parent;
      if (!(parent instanceof Y.AbstractType)) return null;
      top = parent as Y.AbstractType<unknown>;
    }
    let root: string | null;
    try {
      root = Y.findRootTypeKey(top);
    } catch {
      root = null;
    }
    UpdatePlaces.roots.set(type, root);
    return root;
  }

  private resolve(item: Y.Item): Place {
    const parent: unknown = item.parent;
    if (typeof parent === "string") {
      return { root: parent, parent: (this.doc.share.get(parent) as Y.AbstractType<unknown> | undefined) ?? null, parentSub: item.parentSub };
    }
    if (parent instanceof Y.ID) {
      const found = this.find(parent);
      if (!found) return NOWHERE;
      if (found.isNew) return { root: this.of(found.item).root, parent: found.item, parentSub: item.parentSub };
      const content = found.item.content;
      return content instanceof Y.ContentType ? { root: UpdatePlaces.rootOf(content.type), parent: content.type, parentSub: item.parentSub } : NOWHERE;
    }
    const neighbour = item.origin ?? item.rightOrigin;
    if (!neighbour) return NOWHERE;
    const found = this.find(neighbour);
    if (!found) return NOWHERE;
    return found.isNew ? this.of(found.item) : UpdatePlaces.ofExisting(found.item);
  }

  /** The item holding `id`: in this update, else in the document (null for garbage-collected content). */
  private find(id: Y.ID): { item: Y.Item; isNew: boolean } | null {
    for (const item of this.byClient.get(id.client) ?? []) {
      if (id.clock >= item.id.clock && id.clock < item.id.clock + item.length) return { item, isNew: true };
    }
    if (id.clock >= Y.getState(this.doc.store, id.client)) return null;
    const struct = Y.getItem(this.doc.store, id);
    return struct instanceof Y.Item ? { item: struct, isNew: false } : null;
  }
}
