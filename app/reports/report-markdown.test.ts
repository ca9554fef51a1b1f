import { describe, expect, it } from "vitest";
import { reportMarkdown } from "./report-markdown";
import type { ReportData } from "./report-data";

const data: ReportData = {
  meeting: { id: "m", kind: "procesgericht", subkind: null, title: null, scheduledAt: "2026-11-24T13:00", startedAt: null, endedAt: null },
  participants: { aios: "Aios *ster*", opleider: null },
  content: {
    agenda: [],
    notes: [{ kind: "heading", text: "# Samenwerking" }, { kind: "listItem", text: "- gaat goed" }, { kind: "listItem", text: "1. beter" }],
    agreements: [{ id: "a", text: "Feedback <b>vragen</b>", owner: "samen", followUpDate: null, status: "open" }],
    report: [],
  },
  status: "concept",
  submittedAt: null,
  confirmedAt: null,
};

describe("reportMarkdown", () => {
  it("falls back to the notes without a report, shows unknowns in Dutch, and keeps typed text as text", () => {
    const md = reportMarkdown(data);
    expect(md).toContain("# Verslag: Procesgericht leergesprek\n");
    expect(md).toContain("- **Datum:** dinsdag 24 november 2026 om 13:00 (gepland)");
    expect(md).toContain("- **Duur:** onbekend");
    expect(md).toContain("- **Deelnemers:** Aios \\*ster\\* (aios)");
    expect(md).toContain("## Notities (kernpunten)\n\n### \\# Samenwerking\n\n- \\- gaat goed\n- 1\\. beter");
    expect(md).toContain("- Feedback \\<b\\>vragen\\</b\\> — eigenaar: samen · terugkomdatum: geen · status: open");
    expect(md).toContain("Geen agendapunten vastgelegd.");
  });
});
