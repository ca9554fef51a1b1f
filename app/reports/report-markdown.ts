import { nl } from "../i18n/nl";
import type { TextBlock } from "../editor/read-fields";
import type { ReportData } from "./report-data";
import { dutchDate, dutchInstant, durationMinutes, meetingWhen } from "./report-format";
import { markdownText } from "./markdown-text";
import { reportBody, type ReportFieldSection } from "./report-sections";
import { itemsInOrder, type ConsultFeedbackEntry } from "../consult-feedback/feedback-content";

/**
 * A report (verslag) as Markdown, in Dutch, read like one: a header (practice, training year,
 * kind and sub-form, date, actual duration, both names, status), then the body of
 * report-sections.ts: what was discussed (the aios's report text, or while there is none the
 * notes per agenda item), the agreements once, as they are now, and the feedback on consult
 * recordings. Every value from a document is one escaped line (markdown-text.ts).
 * Pure: the same data always gives the same text.
 */
export function reportMarkdown(data: ReportData): string {
  const { meeting, participants } = data;
  const body = reportBody(data);
  const kind = nl.meetingKinds[meeting.kind] ?? meeting.kind;
  const subkind = meeting.subkind ? (nl.taakSubkinds as Record<string, string>)[meeting.subkind] ?? meeting.subkind : null;
  const lines: string[] = [];
  lines.push(`# Verslag: ${markdownText(kind)}${subkind ? ` — ${markdownText(subkind)}` : ""}`);
  if (meeting.title) lines.push("", `**${markdownText(meeting.title)}**`);
  lines.push("");
  if (data.pair) {
    lines.push(`- **Praktijk:** ${markdownText(data.pair.practiceName)}`);
    lines.push(`- **Opleidingsjaar:** ${data.pair.trainingYear}`);
  }
  lines.push(`- **Datum:** ${markdownText(meetingWhen(meeting))}`);
  const minutes = durationMinutes(meeting);
  lines.push(`- **Duur:** ${minutes === null ? "niet vastgelegd" : `${minutes} minuten`}`);
  lines.push(`- **Aios:** ${participants.aios ? markdownText(participants.aios) : "onbekend"}`);
  lines.push(`- **Opleider:** ${participants.opleider ? markdownText(participants.opleider) : "onbekend"}`);
  lines.push(`- **Status:** ${markdownText(statusText(data))}`);

  lines.push("", "## Besproken", "");
  const discussion = body.discussion;
  if (discussion.kind === "report") lines.push(...blocksMarkdown(discussion.blocks, "###"));
  else if (discussion.sections.length === 0) lines.push("Niets vastgelegd.");
  else {
    discussion.sections.forEach((section, i) => {
      if (i > 0) lines.push("");
      const number = section.agendaItemId === null ? "" : `${i + 1}. `;
      lines.push(`### ${number}${markdownText(section.title || "(zonder titel)")}${section.done ? " ✓" : ""}`, "");
      lines.push(...(section.blocks.length ? blocksMarkdown(section.blocks, "####") : ["Geen notities bij dit punt."]));
    });
  }

  for (const section of body.sections) {
    lines.push("", `## ${markdownText(dutch(section.label))}`, "");
    lines.push(...sectionMarkdown(section, body.goalTitles));
  }
  lines.push("");
  return lines.join("\n");
}

function statusText(data: ReportData): string {
  switch (data.status) {
    case "bevestigd":
      return data.confirmedAt ? `bevestigd op ${dutchInstant(data.confirmedAt)}` : "bevestigd";
    case "ingediend":
      return data.submittedAt ? `ingediend op ${dutchInstant(data.submittedAt)}, nog niet bevestigd` : "ingediend, nog niet bevestigd";
    case "teruggestuurd":
      return "teruggestuurd naar de aios";
    case "concept":
      return "concept, nog niet ingediend";
  }
}

/** Text blocks as Markdown: headings with `headingMark`, list items as bullets, paragraphs apart; each text one escaped line. */
function blocksMarkdown(blocks: TextBlock[], headingMark: string): string[] {
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

/** A field's section of the report body. */
function sectionMarkdown(section: ReportFieldSection, goalTitles: Readonly<Record<string, string>>): string[] {
  if (section.kind === "agreement") {
    if (!section.entries.length) return ["Geen afspraken gemaakt."];
    return section.entries.map((a) => {
      const details = [
        `eigenaar: ${nl.agreements.owners[a.owner]}`,
        `terugkomdatum: ${a.followUpDate ? dutchDate(a.followUpDate) : "geen"}`,
        `status: ${nl.agreements.statuses[a.status].toLowerCase()}`,
        ...(a.goalId ? [`leerdoel: ${goalTitles[a.goalId] ?? nl.goals.unknownGoal}`] : []),
      ];
      return `- ${markdownText(a.text || "(zonder tekst)")} — ${markdownText(details.join(" · "))}`;
    });
  }
  return section.entries.flatMap((entry, i) => [...(i > 0 ? [""] : []), ...feedbackMarkdown(entry)]);
}

/** One feedback form on a consult recording: the consult, the learning question, each part given feedback on, the leerpunten. */
function feedbackMarkdown(entry: ConsultFeedbackEntry): string[] {
  const title = entry.consultDate ? nl.consultFeedback.consultOn.replace("{{date}}", dutchDate(entry.consultDate)) : nl.consultFeedback.consultUndated;
  const lines = [`### ${markdownText(title)}${entry.description ? ` — ${markdownText(entry.description)}` : ""}`, ""];
  lines.push(`- **${nl.consultFeedback.learningQuestion}:** ${entry.learningQuestion ? markdownText(entry.learningQuestion) : "geen"}`);
  for (const item of itemsInOrder(entry)) {
    if (item.score === null && !item.comment.trim()) continue;
    const score = item.score === null ? nl.consultFeedback.notScored : nl.consultFeedback.scores[String(item.score) as keyof typeof nl.consultFeedback.scores];
    lines.push(`- **${nl.consultFeedback.items[item.id].label}:** ${markdownText(score)}${item.comment.trim() ? ` — ${markdownText(item.comment)}` : ""}`);
  }
  if (entry.overall.trim()) lines.push(`- **${nl.consultFeedback.overall}:** ${markdownText(entry.overall)}`);
  for (const l of entry.leerpunten) {
    const became = [l.agreementId ? nl.consultFeedback.leerpuntBecame.agreement : null, l.goalId ? nl.consultFeedback.leerpuntBecame.goal : l.suggestionId ? nl.consultFeedback.leerpuntBecame.suggestion : null].filter(Boolean);
    lines.push(`- **Leerpunt:** ${markdownText(l.text)}${became.length ? ` (${became.join(", ")})` : ""}`);
  }
  return lines;
}

/** The Dutch text of an i18n key ("workspace.agreements"). */
function dutch(key: string): string {
  let node: unknown = nl;
  for (const part of key.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === "string" ? node : key;
}
