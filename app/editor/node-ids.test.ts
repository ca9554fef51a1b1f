import { describe, expect, it } from "vitest";
import { EditorState } from "@tiptap/pm/state";
import { koersSchema } from "./extensions";
import { fixNodeIds } from "./unique-ids";
import { nodeIdOrNull, stableIdAttribute } from "./text-block-node";

// Issue #13.8: an agreement id holding CRLF and BEGIN:VEVENT became real lines in both
// members' calendar feeds. Node ids are [A-Za-z0-9_-]{1,64}; forged ones are replaced.

const FORGED = "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Ingebroken";

function stateWith(ids: unknown[]) {
  const schema = koersSchema();
  const doc = schema.node(
    "doc",
    null,
    ids.map((id, i) => schema.node("agreement", { id, owner: "aios", followUpDate: null, status: "open" }, [schema.text(`Afspraak ${i}`)])),
  );
  return EditorState.create({ schema, doc });
}

const idsOf = (state: EditorState) => {
  const ids: unknown[] = [];
  state.doc.forEach((node) => ids.push(node.attrs.id));
  return ids;
};

describe("node ids", () => {
  it("have one form: 1–64 letters, digits, _ or -", () => {
    expect(nodeIdOrNull("3f1c2a9e-1b2c-4d5e-8f90-123456789abc")).not.toBeNull();
    expect(nodeIdOrNull("a1_b-2")).toBe("a1_b-2");
    for (const bad of [FORGED, "", "a".repeat(65), "a b", "a;b", "a:b", "ä", 42, null, { id: "x" }]) expect(nodeIdOrNull(bad), String(bad)).toBeNull();
  });

  it("a pasted forged id is dropped when the HTML is read", () => {
    const parse = stableIdAttribute().parseHTML;
    expect(parse({ getAttribute: () => FORGED } as unknown as HTMLElement)).toBeNull();
    expect(parse({ getAttribute: () => "a1" } as unknown as HTMLElement)).toBe("a1");
  });

  it("a forged id in the document is replaced when the editor reads it, also from the other person", () => {
    let n = 0;
    const fresh = () => `fresh-${++n}`;
    const state = stateWith(["a1", FORGED, "a1", null]);
    // A change that came from the other person: only the forged id is replaced, duplicates and gaps wait for a local edit.
    const remote = fixNodeIds(state, { duplicatesAndMissing: false }, fresh);
    expect(idsOf(state.apply(remote!))).toEqual(["a1", "fresh-1", "a1", null]);
    // A local edit fixes everything.
    const local = fixNodeIds(state, { duplicatesAndMissing: true }, fresh);
    expect(idsOf(state.apply(local!))).toEqual(["a1", "fresh-2", "fresh-3", "fresh-4"]);
    // Nothing to fix: no transaction.
    expect(fixNodeIds(stateWith(["a1", "a2"]), { duplicatesAndMissing: true }, fresh)).toBeNull();
  });
});
