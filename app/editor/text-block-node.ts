import { Node, mergeAttributes, type Attributes } from "@tiptap/core";

/**
 * A block node whose content is its one line of text and whose meaning lives in attributes
 * (agenda item, agreement). In HTML it is a `div` marked with `marker` (e.g. data-agreement),
 * its attributes as data-* attributes: what copy and paste carry between editors.
 */
export function textBlockNode(name: string, marker: string, attributes: () => Attributes) {
  return Node.create({
    name,
    group: "block",
    content: "inline*",
    defining: true,
    addAttributes: attributes,
    parseHTML: () => [{ tag: `div[${marker}]` }],
    renderHTML: ({ HTMLAttributes }) => ["div", mergeAttributes(HTMLAttributes, { [marker]: "" }), 0],
  });
}

/**
 * What a node id may be: 1–64 letters, digits, `_` or `-` (the app makes UUIDs). Ids travel
 * into the agreements table, calendar UIDs, URLs and exports; a forged one (a line break and
 * `BEGIN:VEVENT`, say) must never get that far.
 */
export const NODE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The id when it has the allowed form, else null (the node then gets a fresh id). */
export function nodeIdOrNull(value: unknown): string | null {
  return typeof value === "string" && NODE_ID_PATTERN.test(value) ? value : null;
}

/** The `id` attribute that lets the server follow a node across edits (kept as `data-id` in HTML); pasted ids of another form are dropped. */
export function stableIdAttribute() {
  return {
    default: null,
    parseHTML: (el: HTMLElement) => nodeIdOrNull(el.getAttribute("data-id")),
    renderHTML: (attrs: Record<string, unknown>) => ({ "data-id": attrs.id }),
  };
}

/** A value from a fixed list, or the fallback: pasted HTML cannot smuggle other values in. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === "string" && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** What a link to a row outside the document may be (a learning goal's id): 1–64 letters, digits, `_` or `-`. */
const LINK_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** A linked row's id when it has the allowed form, else null (pasted or forged values are dropped). */
export function linkIdOrNull(value: unknown): string | null {
  return typeof value === "string" && LINK_ID_PATTERN.test(value) ? value : null;
}

/**
 * The `goalId` attribute: the learning goal (issue #17) an agenda item or agreement is tied to,
 * or null. Kept as `data-goal-id` in HTML; either member may set or change it.
 */
export function goalIdAttribute() {
  return {
    default: null,
    parseHTML: (el: HTMLElement) => linkIdOrNull(el.getAttribute("data-goal-id")),
    renderHTML: (attrs: Record<string, unknown>) => (linkIdOrNull(attrs.goalId) ? { "data-goal-id": attrs.goalId } : {}),
  };
}
