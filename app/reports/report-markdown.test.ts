import { describe, expect, it } from "vitest";
import { reportMarkdown } from "./report-markdown";
import { markdownText } from "./markdown-text";
import type { ReportData } from "./report-data";
import { consultFeedback } from "./report-test-data";

const data: ReportData = {
  meeting: { id: "m", kind: "procesgericht", subkind: null, title: null, scheduledAt: "2026-11-24T13:00", startedAt: null, endedAt: null },
  pair: { practiceName: "Praktijk *De Linde*", trainingYear: 3 },
  participants: { aios: "Aios *ster*", opleider: null },
  content: {
    agenda: [],
    notes: [],
    agreements: [{ id: "a", text: "Feedback <b>vragen</b>", owner: "samen", followUpDate: null, status: "open", goalId: null }],
    report: [{ kind: "heading", text: "# Samenwerking" }, { kind: "listItem", text: "- gaat goed" }, { kind: "listItem", text: "1. beter" }],
    consultFeedback: [],
  },
  discussion: [],
  status: "concept",
  submittedAt: null,
  confirmedAt: null,
};

/** What a Markdown reader would make of a line at the start of a block. */
function opensBlock(line: string): boolean {
  return /^(\s{4,}|\s*([-+*]|\d+[.)])(\s|$)|\s*(#{1,6})(\s|$)|\s*>|\s*(```|~~~)|\s*([-*_=]\s*){3,}$|\s*<[a-z!/?]|\s*\[[^\]]*\]:|\s*\|)/i.test(line);
}

describe("reportMarkdown", () => {
  it("has a header with practice, year and both names; typed text stays text", () => {
    const md = reportMarkdown(data);
    expect(md).toContain("# Verslag: Procesgericht leergesprek\n");
    expect(md).toContain("- **Praktijk:** Praktijk \\*De Linde\\*\n- **Opleidingsjaar:** 3\n");
    expect(md).toContain("- **Datum:** dinsdag 24 november 2026 om 13:00 (gepland)");
    expect(md).toContain("- **Duur:** niet vastgelegd");
    expect(md).toContain("- **Aios:** Aios \\*ster\\*\n- **Opleider:** onbekend");
    expect(md).toContain("## Besproken\n\n### \\# Samenwerking\n\n- \\- gaat goed\n- 1\\. beter");
    expect(md).toContain("- Feedback \\<b\\>vragen\\</b\\> — eigenaar: samen · terugkomdatum: geen · status: open");
  });

  it("without a report yet, shows the notes per agenda item, numbered, and says when an item has none", () => {
    const md = reportMarkdown({
      ...data,
      content: { ...data.content, report: [] },
      discussion: [
        { agendaItemId: "i1", title: "Casus", done: true, content: [], blocks: [{ kind: "paragraph", text: "Besproken: de casus" }] },
        { agendaItemId: "i2", title: "Rooster", done: false, content: [], blocks: [] },
        { agendaItemId: null, title: "Overige notities", done: false, content: [], blocks: [{ kind: "listItem", text: "los punt" }] },
      ],
    });
    expect(md).toContain("## Besproken\n\n### 1. Casus ✓\n\nBesproken: de casus\n\n### 2. Rooster\n\nGeen notities bij dit punt.\n\n### Overige notities\n\n- los punt\n");
  });
});

describe("consult feedback in the report", () => {
  it("lists each form with its learning question, every part given feedback on, the overall feedback and the leerpunten", () => {
    const md = reportMarkdown({ ...data, content: { ...data.content, consultFeedback: [consultFeedback] } });
    expect(md).toContain(
      [
        "## Feedback op consultopnames",
        "",
        "### Consult van vrijdag 20 november 2026 — man, 54, hoest drie weken",
        "",
        "- **Leervraag van de aios:** Hoe rond ik af zonder uitloop?",
      ].join("\n"),
    );
    expect(md).toContain("- **Consultevaluatie:** Matig — Samenvatting ontbrak\n");
    expect(md).toContain("- **Empathie:** Goed\n");
    expect(md).toContain("- **Anamnese:** niet gescoord — Vraag naar roken\n");
    expect(md).not.toContain("Introductie");
    expect(md).toContain("- **Overige feedback:** Goed contact\n- **Leerpunt:** Eerst samenvatten, dan beleid (afspraak)\n");
  });

  it("says it in English for an English reader, and leaves the section out when there is no feedback", () => {
    const md = reportMarkdown({ ...data, content: { ...data.content, consultFeedback: [consultFeedback] } }, "en");
    expect(md).toContain("## Feedback on consultation recordings");
    expect(md).toContain("- **Evaluating the consultation:** Fair — Samenvatting ontbrak");
    expect(reportMarkdown(data)).not.toContain("consultopnames");
  });
});

describe("Markdown injection (issue #13.10)", () => {
  const hostile = [
    "Eerste regel\n- een lijstpunt\n---\n```\ncode\n```\n    ingesprongen code\n# Kop\n> citaat\n[klik](https://evil.example)\n[x]: https://evil.example\n<script>alert(1)</script>\n| a | b |\n1. genummerd\n***",
    "---",
    "1) punt",
    "+ plus",
    "=====",
    "# kop",
    "    vier spaties",
    "https://evil.example en www.evil.example en iemand@evil.example",
    "regel\r\nna CRLF\u2028na LS\u2029na PS\u000bna VT\u0085na NEL",
  ];

  it("turns every line break in a value into a space and escapes what would open a block or a link", () => {
    for (const value of hostile) {
      const text = markdownText(value);
      expect(text).not.toMatch(/[\r\n\u2028\u2029\u000b\u000c\u0085]/);
      expect(opensBlock(text), text).toBe(false);
      // Links, autolinks and bare URLs are broken up; HTML is escaped.
      expect(text).not.toMatch(/(^|[^\\])\[|(^|[^\\])<|https:\/\/|(^|[^\\])www\.|(^|[^\\])@/);
    }
  });

  it("keeps report.md's structure whatever an agreement, a title, a name or a note says", () => {
    const md = reportMarkdown({
      ...data,
      meeting: { ...data.meeting, title: hostile[0]! },
      pair: { practiceName: hostile[3]!, trainingYear: 1 },
      participants: { aios: hostile[5]!, opleider: hostile[6]! },
      content: {
        ...data.content,
        report: hostile.map((text) => ({ kind: "paragraph" as const, text })),
        agreements: hostile.map((text, i) => ({ id: `a${i}`, text, owner: "aios" as const, followUpDate: null, status: "open" as const, goalId: null })),
      },
    });
    const lines = md.split("\n");
    // Only the report's own structure opens blocks: its title, its facts, two sections, the agreements list.
    const structural = lines.filter(opensBlock);
    expect(structural.filter((l) => l.startsWith("#"))).toEqual(["# Verslag: Procesgericht leergesprek", "## Besproken", "## Afspraken"]);
    expect(structural.filter((l) => l.startsWith("- **"))).toHaveLength(7);
    expect(structural.filter((l) => l.startsWith("- ") && !l.startsWith("- **"))).toHaveLength(hostile.length);
    for (const line of structural.filter((l) => l.startsWith("- ") && !l.startsWith("- **"))) {
      // The agreement's text after the bullet opens nothing either (no nested list, rule or heading).
      expect(opensBlock(line.slice(2)), line).toBe(false);
      expect(line).toMatch(/ — eigenaar: aios · terugkomdatum: geen · status: open$/);
    }
    expect(md).not.toMatch(/(^|[^\\])<script/m);
    expect(md).not.toMatch(/(^|[^\\])\[klik\]/);
  });
});
