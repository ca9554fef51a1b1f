import { goalIdAttribute, oneOf, stableIdAttribute, textBlockNode } from "./text-block-node";

export const AGREEMENT_OWNERS = ["aios", "opleider", "samen"] as const;
export type AgreementOwner = (typeof AGREEMENT_OWNERS)[number];
export const AGREEMENT_STATUSES = ["open", "afgerond", "vervallen"] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

/**
 * One concrete agreement (afspraak) in the `agreements` field: its text is the node's
 * content; owner, follow-up date (terugkomdatum, YYYY-MM-DD), status and the learning goal it
 * works towards are attributes.
 * The id is stable so the server's agreements table can follow it across edits.
 */
export const Agreement = textBlockNode("agreement", "data-agreement", () => ({
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
  // The learning goal this agreement works towards, or null.
  goalId: goalIdAttribute(),
}));

/** A calendar date as YYYY-MM-DD, or null. */
export function isoDateOrNull(value: unknown): string | null {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  // The pattern alone lets 2026-13-45 or 2026-02-30 through; only a real date reads back unchanged.
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? value : null;
}
