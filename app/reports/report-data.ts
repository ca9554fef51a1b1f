import type { JSONContent } from "@tiptap/core";
import type { ReportStatus } from "../../db/schema";
import type { VersionContent } from "../history/version-content";
import type { DiscussionSection } from "./discussion";

/** Everything a report (verslag) shows or exports: the meeting, the pair, both people, and the document's fields. */
export interface ReportData {
  meeting: {
    id: string;
    kind: string;
    subkind: string | null;
    title: string | null;
    /** Wall-clock "YYYY-MM-DDTHH:MM" as planned. */
    scheduledAt: string;
    /** Instants (ISO) set by the aios's start and end commands. */
    startedAt: string | null;
    endedAt: string | null;
  };
  /** The practice and training year (absent in reports confirmed before they were kept: looked up then). */
  pair?: { practiceName: string; trainingYear: number };
  participants: { aios: string | null; opleider: string | null };
  /** The document's fields; its agreements are as they are now (see readReportData). */
  content: VersionContent;
  /** The titles of the learning goals its agenda items and agreements are linked to (absent in reports confirmed before goals existed). */
  goalTitles?: Record<string, string>;
  /** The notes per agenda item, unused prompts left out (absent in reports confirmed before it was kept). */
  discussion?: DiscussionSection[];
  status: ReportStatus;
  submittedAt: string | null;
  confirmedAt: string | null;
}

/** What is stored as `frozen_content` at confirmation: the data and the report field as Tiptap JSON. */
export interface FrozenReport {
  data: ReportData;
  reportDocument: JSONContent;
}
