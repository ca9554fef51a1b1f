import { goalIdAttribute, oneOf, stableIdAttribute, textBlockNode } from "./text-block-node";

export const PROPOSERS = ["aios", "opleider"] as const;
export type Proposer = (typeof PROPOSERS)[number];

/**
 * One talking point in the `agenda` field: its title is the node's content; a stable id,
 * an optional time box in minutes, who proposed it, the learning goal it is about, and
 * whether it is done are attributes.
 * Which item is current is NOT here: the aios sets that through the server (socket.io).
 */
export const AgendaItem = textBlockNode("agendaItem", "data-agenda-item", () => ({
  id: stableIdAttribute(),
  timeboxMinutes: {
    default: null,
    parseHTML: (el) => minutesOrNull(el.getAttribute("data-timebox")),
    renderHTML: (a) => (a.timeboxMinutes ? { "data-timebox": String(a.timeboxMinutes) } : {}),
  },
  proposedBy: {
    default: "aios",
    parseHTML: (el) => oneOf(el.getAttribute("data-proposed-by"), PROPOSERS, "aios"),
    renderHTML: (a) => ({ "data-proposed-by": a.proposedBy }),
  },
  // The earlier agreement this item was put on the agenda for ("op de agenda"), or null.
  agreementId: {
    default: null,
    parseHTML: (el) => el.getAttribute("data-agreement-id"),
    renderHTML: (a) => (a.agreementId ? { "data-agreement-id": a.agreementId } : {}),
  },
  // The learning goal this item is about (talked about in this meeting), or null.
  goalId: goalIdAttribute(),
  done: {
    default: false,
    parseHTML: (el) => el.getAttribute("data-done") === "true",
    renderHTML: (a) => ({ "data-done": a.done ? "true" : "false" }),
  },
}));

/** A time box of 1–240 minutes, or null. */
export function minutesOrNull(value: unknown): number | null {
  const n = typeof value === "string" ? Number.parseInt(value, 10) : typeof value === "number" ? value : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 240 ? n : null;
}
