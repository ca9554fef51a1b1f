import { parseDocName } from "../../app/collab/protocol";

/**
 * The meetings whose documents are read-only (their report is confirmed), held in memory:
 * the collab server asks on every change a client sends, so the answer is one Set lookup.
 * Loaded from the reports table at start and updated when a report is confirmed.
 */
export class ReadOnlyMeetings {
  private readonly ids: Set<string>;

  constructor(meetingIds: Iterable<string>) {
    this.ids = new Set(meetingIds);
  }

  /** Whether a document may not change: only a meeting's shared document (private notes stay the author's). */
  isReadOnlyDocument(docName: string): boolean {
    if (this.ids.size === 0) return false;
    const parsed = parseDocName(docName);
    return parsed?.kind === "meeting" && this.ids.has(parsed.meetingId);
  }

  has(meetingId: string): boolean {
    return this.ids.has(meetingId);
  }

  set(meetingId: string, readOnly: boolean): void {
    if (readOnly) this.ids.add(meetingId);
    else this.ids.delete(meetingId);
  }
}
