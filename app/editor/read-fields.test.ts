import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import { koersSchema } from "./extensions";
import { readAgenda, readAgreements } from "./read-fields";

function fill(doc: Y.Doc, field: string, content: unknown[]) {
  prosemirrorJSONToYXmlFragment(koersSchema(), { type: "doc", content }, doc.getXmlFragment(field));
}
const text = (t: string) => [{ type: "text", text: t }];

describe("reading a meeting's fields with the shared schema", () => {
  it("reads agreements with owner, follow-up date and status", () => {
    const doc = new Y.Doc();
    fill(doc, "agreements", [
      { type: "agreement", attrs: { id: "a1", owner: "aios", followUpDate: "2026-12-07", status: "open" }, content: text("Twee SOLK-consulten opnemen") },
      { type: "paragraph", content: text("losse notitie") },
      { type: "agreement", attrs: { id: "a2", owner: "samen", followUpDate: null, status: "afgerond", goalId: "goal-1" }, content: text("Rooster bespreken") },
    ]);
    expect(readAgreements(doc)).toEqual([
      { id: "a1", text: "Twee SOLK-consulten opnemen", owner: "aios", followUpDate: "2026-12-07", status: "open", goalId: null },
      { id: "a2", text: "Rooster bespreken", owner: "samen", followUpDate: null, status: "afgerond", goalId: "goal-1" },
    ]);
  });

  it("reads agenda items in order and falls back on safe values for forged attributes", () => {
    const doc = new Y.Doc();
    fill(doc, "agenda", [
      { type: "agendaItem", attrs: { id: "i1", timeboxMinutes: 10, proposedBy: "opleider", done: true }, content: text("Vorige afspraken") },
      { type: "agendaItem", attrs: { id: "i2", timeboxMinutes: 9999, proposedBy: "hacker", goalId: "goal\nBEGIN:VEVENT" }, content: text("Lastige patiënt") },
    ]);
    expect(readAgenda(doc)).toEqual([
      { id: "i1", title: "Vorige afspraken", timeboxMinutes: 10, proposedBy: "opleider", done: true, goalId: null },
      { id: "i2", title: "Lastige patiënt", timeboxMinutes: null, proposedBy: "aios", done: false, goalId: null },
    ]);
  });

  it("an empty document has no agreements", () => {
    expect(readAgreements(new Y.Doc())).toEqual([]);
  });
});
