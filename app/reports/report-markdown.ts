import { nl } from "../i18n/nl";
import type { TextBlock } from "../editor/read-fields";
import type { ReportData } from "./report-data";
import { dutchDate, dutchInstant, durationMinutes, meetingWhen } from "./report-format";
import { markdownText } from "./markdown-text";
import { reportDiscussion } from "./report-sections";

/**
 * A report (verslag) as Markdown, in Dutch, read like one: a header (practice, training year,
 * kind and sub-form, date, actual duration, both names, status), what was discussed (the
 * aios's report text, or while there is none the notes per agenda item), and the agreements
 * once, as they are now. Every value from a document is one escaped line (markdown-text.ts).
 * Pure: the same data always gives the same text.
 */
export function reportMarkdown(data: ReportData): string {
  const { meeting, participants, content } = data;
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
  const discussion = reportDiscussion(data);
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

  lines.push("", "## Afspraken", "");
  if (content.agreements.length) {
    for (const a of content.agreements) {
      const details = [
        `eigenaar: ${nl.agreements.owners[a.owner]}`,
        `terugkomdatum: ${a.followUpDate ? dutchDate(a.followUpDate) : "geen"}`,
        `status: ${nl.agreements.statuses[a.status].toLowerCase()}`,
      ];
      lines.push(`- ${markdownText(a.text || "(zonder tekst)")} — ${details.join(" · ")}`);
    }
  } else lines.push("Geen afspraken gemaakt.");
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
