import { describe, expect, it } from "vitest";
import { agendaItemAttrs, checkAgendaChanges, type AgendaItemAttrs, type AgendaKnowledge } from "./role-rules";

const attrs = (id: string | null, proposedBy: "aios" | "opleider", done = false): AgendaItemAttrs => ({ id, proposedBy, done });
/** An agenda with a1 (aios) and o1 (opleider); d1 (opleider) was on it earlier and was removed. */
const known: AgendaKnowledge = {
  proposerOf: (id) => ({ a1: "aios", o1: "opleider", d1: "opleider" }) [id] as "aios" | "opleider" | undefined,
  isPresent: (id) => id === "a1" || id === "o1",
};

describe("the agenda's role rules", () => {
  it("reads attributes as the schema does: an unknown proposer is the aios, done only when true", () => {
    expect(agendaItemAttrs({ id: "x", proposedBy: "hacker", done: "true" })).toEqual({ id: "x", proposedBy: "aios", done: false });
    expect(agendaItemAttrs({ id: "", proposedBy: "opleider", done: true })).toEqual({ id: null, proposedBy: "opleider", done: true });
  });

  it("refuses a changed proposer, from either role", () => {
    for (const role of ["aios", "opleider"] as const) {
      expect(checkAgendaChanges(role, [{ elementKey: "e", before: attrs("o1", "opleider"), after: attrs("o1", "aios") }], known).broken).toBe("proposerNeverChanges");
    }
  });

  it("lets the aios move items (elements swap ids, proposers travel along) and tick them off", () => {
    const moved = [
      { elementKey: "e1", before: attrs("a1", "aios"), after: attrs("o1", "opleider") },
      { elementKey: "e2", before: attrs("o1", "opleider"), after: attrs("a1", "aios", true) },
    ];
    expect(checkAgendaChanges("aios", moved, known)).toEqual({ broken: null, corrections: [] });
  });

  it("refuses the opleider's moves and done marks", () => {
    expect(checkAgendaChanges("opleider", [{ elementKey: "e", before: attrs("a1", "aios"), after: attrs("o1", "opleider") }], known).broken).toBe("onlyAiosMovesItems");
    expect(checkAgendaChanges("opleider", [{ elementKey: "e", before: null, after: attrs("a1", "aios") }], known).broken).toBe("onlyAiosMovesItems");
    expect(checkAgendaChanges("opleider", [{ elementKey: "e", before: attrs("a1", "aios"), after: attrs("a1", "aios", true) }], known).broken).toBe("onlyAiosTicksOffItems");
  });

  it("makes a new item its creator's, and the opleider's new item not done", () => {
    expect(checkAgendaChanges("opleider", [{ elementKey: "e", before: null, after: attrs("n1", "aios", true) }], known)).toEqual({
      broken: null,
      corrections: [{ elementKey: "e", proposedBy: "opleider", done: false }],
    });
    expect(checkAgendaChanges("aios", [{ elementKey: "e", before: null, after: attrs("n1", "aios") }], known)).toEqual({ broken: null, corrections: [] });
  });

  it("lets an undo bring a removed item back with its own proposer", () => {
    expect(checkAgendaChanges("aios", [{ elementKey: "e", before: null, after: attrs("d1", "opleider") }], known)).toEqual({ broken: null, corrections: [] });
    expect(checkAgendaChanges("aios", [{ elementKey: "e", before: null, after: attrs("d1", "aios") }], known).broken).toBe("proposerNeverChanges");
  });
});
