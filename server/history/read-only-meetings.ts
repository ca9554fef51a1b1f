import type { Kysely } from "kysely";
import { findReport } from "../../db/reports";
import type { Database } from "../../db/schema";

// Which meetings' documents are read-only (their report is confirmed, decision 006). The
// database decides (a confirmed report), never a set loaded at start: every instance reads
// it when it opens a meeting's document, and a confirmation on one instance is announced to
// the others (issue #16) before the document's final content is read.

/** How long a confirmation made or announced here wins over the database (which commits it a moment later). */
const ANNOUNCED_FOR_MS = 60_000;

/** Tells the other instances (server/scale/instance-bus.ts); absent for one process. */
export interface ReadOnlyAnnouncer {
  /**
   * Announces that a meeting became read-only (or writable again). With `wait`, resolves once
   * every other instance answered that its copy of the document holds nothing unstored: what
   * they accepted before the announcement has reached this instance by then.
   */
  announce(meetingId: string, readOnly: boolean, wait: boolean): Promise<void>;
}

/** The read-only state of meetings, as the Yjs endpoint (every update) and the domain (edits, restores) ask it. */
export class ReadOnlyMeetings {
  /** Meetings whose document is open here: read-only or not, read from the database when it was loaded. */
  private readonly open = new Map<string, boolean>();
  /** Set on this instance or announced by another one, ahead of the database. */
  private readonly recent = new Map<string, { readOnly: boolean; until: number }>();
  private announcer: ReadOnlyAnnouncer | null = null;

  constructor(private readonly db: Kysely<Database>) {}

  /** Several instances: confirmations are announced to the others. */
  announceWith(announcer: ReadOnlyAnnouncer): void {
    this.announcer = announcer;
  }

  /** Whether an open meeting's document refuses changes now (one or two map lookups: asked on every update). */
  isReadOnlyDocument(meetingId: string | null): boolean {
    if (meetingId === null) return false;
    if (this.recent.size) {
      const recent = this.recent.get(meetingId);
      if (recent && recent.until > Date.now()) return recent.readOnly;
    }
    return this.open.get(meetingId) ?? false;
  }

  /** A meeting's document was loaded here: its state comes from the database. */
  async documentLoaded(meetingId: string): Promise<void> {
    this.open.set(meetingId, await this.confirmedInDatabase(meetingId));
  }

  /** A meeting's document left memory here. */
  documentClosed(meetingId: string): void {
    this.open.delete(meetingId);
  }

  /** Whether a meeting is read-only, open here or not. */
  async isReadOnly(meetingId: string): Promise<boolean> {
    const recent = this.recent.get(meetingId);
    if (recent && recent.until > Date.now()) return recent.readOnly;
    const open = this.open.get(meetingId);
    if (open !== undefined) return open;
    return this.confirmedInDatabase(meetingId);
  }

  /**
   * Makes a meeting read-only here and on every other instance (the report is being
   * confirmed; undone if storing that fails). Making it read-only waits for the others'
   * answers, so whatever they accepted before is in this instance's copy when it is read.
   */
  async set(meetingId: string, readOnly: boolean): Promise<void> {
    this.note(meetingId, readOnly);
    await this.announcer?.announce(meetingId, readOnly, readOnly);
  }

  /** Another instance announced a meeting's new state. */
  announced(meetingId: string, readOnly: boolean): void {
    this.note(meetingId, readOnly);
  }

  private note(meetingId: string, readOnly: boolean): void {
    const now = Date.now();
    this.recent.set(meetingId, { readOnly, until: now + ANNOUNCED_FOR_MS });
    if (this.open.has(meetingId)) this.open.set(meetingId, readOnly);
    for (const [id, entry] of this.recent) if (entry.until <= now) this.recent.delete(id);
  }

  private async confirmedInDatabase(meetingId: string): Promise<boolean> {
    return (await findReport(this.db, meetingId))?.status === "bevestigd";
  }
}
