import type { TextBlock } from "../editor/read-fields";
import type { DiscussionSection } from "./discussion";
import type { ReportData } from "./report-data";

/**
 * What a report shows under "Besproken": the aios's own report text once there is any;
 * before that (or when it was emptied) the notes per agenda item, so a draft reads as a
 * report too. Shared by the Markdown and the print view, so both say the same.
 */
export type ReportDiscussion =
  | { kind: "report"; blocks: TextBlock[] }
  | { kind: "notes"; sections: Array<Pick<DiscussionSection, "agendaItemId" | "title" | "done" | "blocks">> };

export function reportDiscussion(data: ReportData): ReportDiscussion {
  if (data.content.report.length) return { kind: "report", blocks: data.content.report };
  if (data.discussion) return { kind: "notes", sections: data.discussion };
  // Confirmed before the notes were kept per item: the notes as they are.
  return { kind: "notes", sections: data.content.notes.length ? [{ agendaItemId: null, title: "Notities", done: false, blocks: data.content.notes }] : [] };
}
