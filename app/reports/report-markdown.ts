import type { TextBlock } from "../editor/read-fields";
import type { Language } from "../i18n/i18n";
import type { ReportData } from "./report-data";
import { markdownText } from "./markdown-text";
import { reportView } from "./report-view";

/**
 * A report (verslag) as Markdown, read like one: a header (practice, training year, kind and
 * sub-form, date, actual duration, both names, status), what was discussed (the aios's report
 * text, or while there is none the notes per agenda item), and the agreements once, as they
 * are now. Rendered from the report's one document model (report-view.ts), which the PDF
 * uses too; Dutch unless another language is asked for. Every value from a document is one
 * escaped line (markdown-text.ts). Pure: the same data always gives the same text.
 */
export function reportMarkdown(data: ReportData, language: Language = "nl"): string {
  const view = reportView(data, language);
  const lines: string[] = [];
  lines.push(`# ${markdownText(view.title)}`);
  if (view.subtitle) lines.push("", `**${markdownText(view.subtitle)}**`);
  lines.push("");
  for (const fact of view.facts) lines.push(`- **${markdownText(fact.label)}:** ${markdownText(fact.value)}`);

  lines.push("", `## ${markdownText(view.discussedHeading)}`, "");
  const discussion = view.discussion;
  if (discussion.kind === "report") lines.push(...blocksMarkdown(discussion.blocks, "###"));
  else if (discussion.sections.length === 0) lines.push(markdownText(view.nothingRecorded));
  else {
    discussion.sections.forEach((section, i) => {
      if (i > 0) lines.push("");
      const number = section.number === null ? "" : `${section.number}. `;
      lines.push(`### ${number}${markdownText(section.title)}${section.done ? " ✓" : ""}`, "");
      lines.push(...(section.blocks.length ? blocksMarkdown(section.blocks, "####") : [markdownText(section.empty)]));
    });
  }

  lines.push("", `## ${markdownText(view.agreementsHeading)}`, "");
  if (view.agreements.length) {
    for (const a of view.agreements) lines.push(`- ${markdownText(a.text)} — ${a.details.map(markdownText).join(" · ")}`);
  } else lines.push(markdownText(view.noAgreements));
  // Feedback on consult recordings (issue #17), when there is any.
  if (view.feedback.length) {
    lines.push("", `## ${markdownText(view.feedbackHeading)}`, "");
    view.feedback.forEach((form, i) => {
      if (i > 0) lines.push("");
      lines.push(`### ${markdownText(form.title)}`, "");
      for (const line of form.lines) lines.push(`- **${markdownText(line.label)}:** ${markdownText(line.value)}`);
    });
  }
  lines.push("");
  return lines.join("\n");
}

/** Text blocks as Markdown (also the private notes in the export): headings with `headingMark`, list items as bullets, paragraphs apart; each text one escaped line. */
export function blocksMarkdown(blocks: TextBlock[], headingMark: string): string[] {
  const out: string[] = [];
  let previous: TextBlock["kind"] | null = null;
  for (const block of blocks) {
    if (previous && !(previous === "listItem" && block.kind === "listItem")) out.push("");
    const text = markdownText(block.text);
    out.push(block.kind === "heading" ? `${headingMark} ${text}` : block.kind === "listItem" ? `- ${text}` : text);
    previous = block.kind;
  }
  return out;
}
