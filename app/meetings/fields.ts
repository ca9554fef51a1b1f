import { MeetingField } from "../collab/protocol";
import type { AgendaEntry, AgreementEntry, TextBlock } from "../editor/read-fields";
import type { ConsultFeedbackEntry } from "../consult-feedback/feedback-content";
import type { MeetingPanel } from "./kinds";

// THE list of what a meeting holds, field by field: the fields of its shared document (one
// Tiptap editor each) and the parts kept in the database beside it (consult feedback). The
// workspace, the versions (reading, comparing, showing), the restore and the verslag (print and
// Markdown) read this list; a new field is one entry here (plus, for a new kind of entry, how
// one is read, compared and shown: version-content.ts, diff-versions.ts, version-changes.tsx,
// report-sections.ts).

/** What the entries of a field are. */
export interface EntryTypes {
  agendaItem: AgendaEntry;
  agreement: AgreementEntry;
  textBlock: TextBlock;
  consultFeedback: ConsultFeedbackEntry;
}
export type EntryType = keyof EntryTypes;

interface FieldBase {
  entry: EntryType;
  /** i18n key of the field's title (workspace panel, version view, report section). */
  label: string;
  /**
   * Where it goes in the verslag: read into "Besproken" (the report text, or the notes per
   * agenda item), a section of its own, or nowhere.
   */
  report: "discussion" | "section" | null;
  /** i18n key of its title as a section of the verslag, when that differs from `label`. */
  reportLabel?: string;
  /** A version shows it also when it is empty ("Leeg in deze versie"); otherwise only when it has entries. */
  alwaysShown: boolean;
}

/** A field of the meeting's shared Y.Doc, written in its own editor. */
export interface DocumentFieldDefinition extends FieldBase {
  source: "document";
  /** The Y.Doc fragment (app/collab/protocol.ts). */
  fragment: string;
  /** "Deze versie terugzetten" brings it back (the verslag has its own workflow and is left alone). */
  restorable: boolean;
  workspace: {
    placeholder: string;
    testId: string;
    /** The editor keeps an empty paragraph after its last node (not for lists of nodes). */
    trailingParagraph: boolean;
    /** Shown only once the meeting has ended, first; written by the aios alone (the verslag). */
    afterEnd: boolean;
  };
}

/** A part of a meeting kept in the database: versions show it as it was when the version was saved. */
export interface RecordFieldDefinition extends FieldBase {
  source: "record";
  /** The meeting page panel it is edited in (only meetings of a kind with that panel have it). */
  panel: MeetingPanel;
}

export type FieldDefinition = DocumentFieldDefinition | RecordFieldDefinition;

/** Every field of a meeting, in reading order. */
export const MEETING_FIELDS = {
  agenda: {
    source: "document",
    fragment: MeetingField.agenda,
    entry: "agendaItem",
    label: "workspace.agenda",
    restorable: true,
    report: "discussion",
    alwaysShown: true,
    workspace: { placeholder: "workspace.agendaPlaceholder", testId: "agenda-editor", trailingParagraph: false, afterEnd: false },
  },
  notes: {
    source: "document",
    fragment: MeetingField.notes,
    entry: "textBlock",
    label: "workspace.notes",
    restorable: true,
    report: "discussion",
    alwaysShown: true,
    workspace: { placeholder: "workspace.notesPlaceholder", testId: "notes-editor", trailingParagraph: true, afterEnd: false },
  },
  agreements: {
    source: "document",
    fragment: MeetingField.agreements,
    entry: "agreement",
    label: "workspace.agreements",
    restorable: true,
    report: "section",
    alwaysShown: true,
    workspace: { placeholder: "workspace.agreementsPlaceholder", testId: "agreements-editor", trailingParagraph: false, afterEnd: false },
  },
  report: {
    source: "document",
    fragment: MeetingField.report,
    entry: "textBlock",
    label: "report.title",
    restorable: false,
    report: "discussion",
    alwaysShown: false,
    workspace: { placeholder: "report.placeholder", testId: "report-editor", trailingParagraph: true, afterEnd: true },
  },
  consultFeedback: {
    source: "record",
    entry: "consultFeedback",
    label: "consultFeedback.title",
    reportLabel: "consultFeedback.reportHeading",
    report: "section",
    alwaysShown: false,
    panel: "consultFeedback",
  },
} as const satisfies Record<string, FieldDefinition>;

type Fields = typeof MEETING_FIELDS;
export type FieldName = keyof Fields;
export type DocumentFieldName = { [F in FieldName]: Fields[F]["source"] extends "document" ? F : never }[FieldName];
export type RecordFieldName = Exclude<FieldName, DocumentFieldName>;
/** The entry type of each field. */
export type EntryOf<F extends FieldName> = EntryTypes[Fields[F]["entry"]];

/** Every field's name, in reading order. */
export const FIELD_NAMES = Object.keys(MEETING_FIELDS) as FieldName[];
export const DOCUMENT_FIELD_NAMES = FIELD_NAMES.filter((f): f is DocumentFieldName => MEETING_FIELDS[f].source === "document");
export const RECORD_FIELD_NAMES = FIELD_NAMES.filter((f): f is RecordFieldName => MEETING_FIELDS[f].source === "record");

/** One field's definition. */
export function fieldDefinition<F extends FieldName>(name: F): Fields[F] {
  return MEETING_FIELDS[name];
}

/** A meeting as read-only content, field by field: what a version shows, a diff compares and a report prints. */
export type MeetingContent = { [F in FieldName]: Array<EntryOf<F>> };
/** The parts kept in the database, as they were at one moment. */
export type RecordContent = { [F in RecordFieldName]: Array<EntryOf<F>> };

/** A meeting with nothing in it. */
export function emptyMeetingContent(): MeetingContent {
  return Object.fromEntries(FIELD_NAMES.map((f) => [f, []])) as unknown as MeetingContent;
}
