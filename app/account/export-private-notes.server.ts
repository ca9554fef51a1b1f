import { MeetingField, privateNotesDocName } from "../collab/protocol";
import { readTextBlocks } from "../editor/read-fields";
import { PREP_FIELD } from "../meetings/proces-prep";
import { createI18n } from "../i18n/i18n";
import { markdownText } from "../reports/markdown-text";
import { blocksMarkdown } from "../reports/report-markdown";
import { longDate } from "../reports/report-view";
import type { ExportEntry, ExportPart } from "./export.server";

/** prive-notities/<date>-<kind>.md: the person's own private notes (and 3+3 preparation) of each meeting that has them. */
export const privateNotesFiles: ExportPart = async (context) => {
  const t = createI18n(context.language).t;
  const entries: ExportEntry[] = [];
  for (const meeting of context.meetings) {
    const docName = privateNotesDocName(meeting.id, context.user.id);
    if (!context.privateDocNames.has(docName)) continue;
    const practice = context.pairs.find((p) => p.pairId === meeting.pair_id)?.practiceName ?? "";
    entries.push({
      path: context.uniquePath(`prive-notities/${meeting.scheduled_at.slice(0, 10)}-${meeting.kind}.md`),
      compress: true,
      async make() {
        await context.opened(meeting.id);
        const { notes, prep } = await context.services.readDocument(docName, (doc) => ({
          notes: readTextBlocks(doc, MeetingField.notes),
          prep: readTextBlocks(doc, PREP_FIELD),
        }));
        const lines = [
          `# ${markdownText(t("yourData.privateNotes.title", { kind: t(`meetingKinds.${meeting.kind}`) }))}`,
          "",
          `- **${markdownText(t("report.date"))}:** ${markdownText(longDate(meeting.scheduled_at.slice(0, 10), context.language))}`,
          `- **${markdownText(t("report.practice"))}:** ${markdownText(practice)}`,
          ...(meeting.title ? [`- **${markdownText(t("yourData.privateNotes.meetingTitle"))}:** ${markdownText(meeting.title)}`] : []),
          "",
          markdownText(t("yourData.privateNotes.onlyYou")),
          "",
          `## ${markdownText(t("workspace.private"))}`,
          "",
          ...(notes.length ? blocksMarkdown(notes, "###") : [markdownText(t("yourData.privateNotes.empty"))]),
        ];
        if (prep.length) lines.push("", `## ${markdownText(t("yourData.privateNotes.prep"))}`, "", ...blocksMarkdown(prep, "###"));
        return lines.join("\n") + "\n";
      },
    });
  }
  return entries;
};
