import type { AgreementEntry, TextBlock } from "../editor/read-fields";
import type { ConsultFeedbackEntry } from "../consult-feedback/feedback-content";
import { FIELD_NAMES, MEETING_FIELDS, type FieldName } from "../meetings/fields";
import type { DiscussionSection } from "./discussion";
import type { ReportData } from "./report-data";

/**
 * What a report shows under "Besproken": the aios's own report text once there is any;
 * before that (or when it was emptied) the notes per agenda item, so a draft reads as a
 * report too.
 */
export type ReportDiscussion =
  | { kind: "report"; blocks: TextBlock[] }
  | { kind: "notes"; sections: Array<Pick<DiscussionSection, "agendaItemId" | "title" | "done" | "blocks">> };

/** A section of its own (fields.ts, `report: "section"`): the field, its title and its entries. */
export type ReportFieldSection =
  | { kind: "agreement"; field: FieldName; label: string; entries: AgreementEntry[] }
  | { kind: "consultFeedback"; field: FieldName; label: string; entries: ConsultFeedbackEntry[] };

/**
 * THE model of a verslag after its header, shared by the Markdown and the print view so both
 * say the same: "Besproken" first, then every field that is a section of its own, in the field
 * list's order (the agreements always, the consult feedback when there is any).
 */
export interface ReportBody {
  discussion: ReportDiscussion;
  sections: ReportFieldSection[];
  /** Titles of the learning goals that agreements are linked to. */
  goalTitles: Readonly<Record<string, string>>;
}

export function reportDiscussion(data: ReportData): ReportDiscussion {
  if (data.content.report.length) return { kind: "report", blocks: data.content.report };
  if (data.discussion) return { kind: "notes", sections: data.discussion };
  // Confirmed before the notes were kept per item: the notes as they are.
  return { kind: "notes", sections: data.content.notes.length ? [{ agendaItemId: null, title: "Notities", done: false, blocks: data.content.notes }] : [] };
}

/** The report's body from its data. */
export function reportBody(data: ReportData): ReportBody {
  const sections: ReportFieldSection[] = [];
  for (const name of FIELD_NAMES) {
    const field = MEETING_FIELDS[name];
    if (field.report !== "section") continue;
    // Reports confirmed before a field existed do not have it.
    const entries = (data.content[name] ?? []) as never[];
    if (!field.alwaysShown && entries.length === 0) continue;
    const label = "reportLabel" in field ? (field.reportLabel as string) : field.label;
    if (field.entry === "agreement") sections.push({ kind: "agreement", field: name, label, entries });
    else if (field.entry === "consultFeedback") sections.push({ kind: "consultFeedback", field: name, label, entries });
  }
  return { discussion: reportDiscussion(data), sections, goalTitles: data.goalTitles ?? {} };
}
