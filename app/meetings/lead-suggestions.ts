// The opleider may suggest moving to an agenda item ("zullen we naar dit punt?"); the aios
// accepts or dismisses. A suggestion is no stored state, only a nudge: repeating it (a double
// click, or a script sending 2,000) must not flood the aios's screen.

/** How long the same suggestion is not repeated to the aios (unless the aios answered it). */
export const SUGGESTION_REPEAT_MS = 10_000;

/** Which suggestions reach the aios: in one process's memory (SuggestionDeduper) or shared by every instance (server/scale/redis-suggestion-window.ts). */
export interface SuggestionWindow {
  /** Whether this suggestion should reach the aios; records it when it does. */
  shouldDeliver(meetingId: string, itemId: string): boolean | Promise<boolean>;
  /** The aios answered (dismissed it, or made an item current): the next suggestion goes through. */
  answered(meetingId: string): void | Promise<void>;
}

/**
 * Collapses repeated suggestions: the same item suggested in the same meeting within
 * SUGGESTION_REPEAT_MS reaches the aios once; another item, or the same one after the aios
 * answered it (moved on or dismissed), goes through. Kept in this process's memory; several
 * instances share one window in Redis instead.
 */
export class SuggestionDeduper implements SuggestionWindow {
  private readonly last = new Map<string, { itemId: string; at: number }>();

  constructor(private readonly repeatMs = SUGGESTION_REPEAT_MS) {}

  /** Whether this suggestion should reach the aios; records it when it does. */
  shouldDeliver(meetingId: string, itemId: string, now = Date.now()): boolean {
    const previous = this.last.get(meetingId);
    if (previous && previous.itemId === itemId && now - previous.at < this.repeatMs) return false;
    this.last.set(meetingId, { itemId, at: now });
    if (this.last.size > 10_000) this.prune(now);
    return true;
  }

  /** The aios answered (dismissed it, or made an item current): the next suggestion goes through. */
  answered(meetingId: string): void {
    this.last.delete(meetingId);
  }

  private prune(now: number): void {
    for (const [meetingId, entry] of this.last) if (now - entry.at >= this.repeatMs) this.last.delete(meetingId);
  }
}
