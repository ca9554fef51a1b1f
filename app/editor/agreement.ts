import { Node, mergeAttributes } from "@tiptap/core";

export const AGREEMENT_OWNERS = ["aios", "opleider", "samen"] as const;
export type AgreementOwner = (typeof AGREEMENT_OWNERS)[number];
export const AGREEMENT_STATUSES = ["open", "afgerond", "vervallen"] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

/**
 * One concrete agreement (afspraak) in the `agreements` field: its text is the node's
 * content; owner, follow-up date (terugkomdatum, YYYY-MM-DD) and status are attributes.
 * The id is stable so the server's agreements table can follow it across edits.
 */
export const Agreement = Node.create({
  name: "agreement",
  group: "block",
  content: "inline*",
  defining: true,

  addAttributes() {
    return {
      id: stableIdAttribute(),
      owner: {
        default: "aios",
        parseHTML: (el) => oneOf(el.getAttribute("data-owner"), AGREEMENT_OWNERS, "aios"),
        renderHTML: (a) => ({ "data-owner": a.owner }),
      },
      followUpDate: {
        default: null,
        parseHTML: (el) => isoDateOrNull(el.getAttribute("data-follow-up")),
        renderHTML: (a) => (a.followUpDate ? { "data-follow-up": a.followUpDate } : {}),
      },
      status: {
        default: "open",
        parseHTML: (el) => oneOf(el.getAttribute("data-status"), AGREEMENT_STATUSES, "open"),
        renderHTML: (a) => ({ "data-status": a.status }),
      },
    };
  },

  parseHTML() {
    return [{ tag: "div[data-agreement]" }];
  },

  renderHTML({ HTMLAttributes }) {
    return ["div", mergeAttributes(HTMLAttributes, { "data-agreement": "" }), 0];
  },
});

/** The `id` attribute that lets the server follow a node across edits (kept as `data-id` in HTML). */
export function stableIdAttribute() {
  return {
    default: null,
    parseHTML: (el: HTMLElement) => el.getAttribute("data-id"),
    renderHTML: (attrs: Record<string, unknown>) => ({ "data-id": attrs.id }),
  };
}

/** A value from a fixed list, or the fallback: pasted HTML cannot smuggle other values in. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === "string" && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** A calendar date as YYYY-MM-DD, or null. */
export function isoDateOrNull(value: unknown): string | null {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  // The pattern alone lets 2026-13-45 or 2026-02-30 through; only a real date reads back unchanged.
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? value : null;
}
