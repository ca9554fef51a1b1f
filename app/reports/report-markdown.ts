import { nl } from "../i18n/nl";
import type { TextBlock } from "../editor/read-fields";
import type { ReportData } from "./report-data";
import { dutchDate, dutchInstant, durationMinutes, meetingWhen } from "./report-format";

/**
 * A report (verslag) as Markdown, in Dutch: kind, date, duration, participants, the
 * discussed agenda items, the report text (or, while there is none, the notes' key
 * points) and the agreements with owner and follow-up date. Pure: the same data always
 * gives the same text, so the frozen Markdown of a confirmed report can be re-derived.
 */
export function reportMarkdown(data: ReportData): string {
  const { meeting, participants, content } = data;
  const kind = nl.meetingKinds[meeting.kind] ?? meeting.kind;
  const subkind = meeting.subkind ? (nl.taakSubkinds as Record<string, string>)[meeting.subkind] ?? meeting.subkind : null;
  const lines: string[] = [];
  lines.push(`# Verslag: ${escape(kind)}${subkind ? ` — ${escape(subkind)}` : ""}`);
  if (meeting.title) lines.push("", `**${escape(meeting.title)}**`);
  lines.push("");
  lines.push(`- **Datum:** ${meetingWhen(meeting)}`);
  const minutes = durationMinutes(meeting);
  lines.push(`- **Duur:** ${minutes === null ? "onbekend" : `${minutes} minuten`}`);
  const people = [
    participants.aios ? `${escape(participants.aios)} (aios)` : null,
    participants.opleider ? `${escape(participants.opleider)} (opleider)` : null,
  ].filter(Boolean);
  lines.push(`- **Deelnemers:** ${people.length ? people.join(", ") : "onbekend"}`);
  lines.push(`- **Status:** ${statusText(data)}`);

  lines.push("", "## Besproken onderwerpen", "");
  if (content.agenda.length) {
    content.agenda.forEach((item, i) => lines.push(`${i + 1}. ${escape(item.title || "(zonder titel)")}${item.done ? " ✓" : ""}`));
  } else lines.push("Geen agendapunten vastgelegd.");

  if (content.report.length) {
    lines.push("", "## Verslag", "", ...blocksMarkdown(content.report));
  } else {
    lines.push("", "## Notities (kernpunten)", "", ...(content.notes.length ? blocksMarkdown(content.notes) : ["Geen notities vastgelegd."]));
  }

  lines.push("", "## Afspraken", "");
  if (content.agreements.length) {
    for (const a of content.agreements) {
      const details = [`eigenaar: ${a.owner}`, `terugkomdatum: ${a.followUpDate ? `${dutchDate(a.followUpDate)} (${a.followUpDate})` : "geen"}`, `status: ${a.status}`];
      lines.push(`- ${escape(a.text || "(zonder tekst)")} — ${details.join(" · ")}`);
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
      return data.submittedAt ? `ingediend op ${dutchInstant(data.submittedAt)}` : "ingediend";
    case "teruggestuurd":
      return "teruggestuurd naar de aios";
    case "concept":
      return "concept";
  }
}

/** Text blocks as Markdown: headings as ###, list items as bullets, paragraphs apart. */
function blocksMarkdown(blocks: TextBlock[]): string[] {
  const out: string[] = [];
  let previous: TextBlock["kind"] | null = null;
  for (const block of blocks) {
    if (previous && !(previous === "listItem" && block.kind === "listItem")) out.push("");
    out.push(block.kind === "heading" ? `### ${escape(block.text)}` : block.kind === "listItem" ? `- ${escape(block.text)}` : escape(block.text));
    previous = block.kind;
  }
  return out;
}

/** Escapes what Markdown would read as markup, so typed text stays text. */
function escape(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, "\\$1").replace(/^(\d+)\./, "$1\\.").replace(/^([-+])(\s)/, "\\$1$2");
}
