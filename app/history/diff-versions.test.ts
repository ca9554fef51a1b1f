import { describe, expect, it } from "vitest";
import { diffVersions } from "./diff-versions";
import type { VersionContent } from "./version-content";
import { emptyMeetingContent } from "../meetings/fields";

const empty: VersionContent = emptyMeetingContent();
const p = (text: string) => ({ kind: "paragraph" as const, text });

describe("diffVersions", () => {
  it("reads an edited block as changed, and keeps removed blocks where they were", () => {
    const diff = diffVersions({ ...empty, notes: [p("a"), p("b"), p("c"), p("d")] }, { ...empty, notes: [p("a"), p("B"), p("d"), p("e")] });
    expect(diff.notes.map((c) => [c.status, c.before?.text, c.after?.text])).toEqual([
      ["unchanged", "a", "a"],
      ["changed", "b", "B"],
      ["removed", "c", undefined],
      ["unchanged", "d", "d"],
      ["added", undefined, "e"],
    ]);
    expect(diff.changed).toBe(true);
  });

  it("follows agenda items and agreements by id, so a retitled or moved item is one entry", () => {
    const item = (id: string, title: string) => ({ id, title, timeboxMinutes: null, proposedBy: "aios" as const, done: false, goalId: null });
    const diff = diffVersions({ ...empty, agenda: [item("1", "Casus"), item("2", "Rooster")] }, { ...empty, agenda: [item("1", "Casus SOLK"), item("3", "Nieuw")] });
    expect(diff.agenda.map((c) => [c.status, c.before?.id ?? c.after?.id])).toEqual([
      ["changed", "1"],
      ["removed", "2"],
      ["added", "3"],
    ]);
    expect(diffVersions(empty, empty)).toMatchObject({ changed: false, agenda: [], notes: [] });
  });
});
