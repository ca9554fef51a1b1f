/**
 * At most one export at a time per person, in this process (like the login limits): an export
 * reads every meeting and makes a PDF per report, so a person cannot start ten at once.
 */
export class ExportSlots {
  private readonly busy = new Set<string>();

  /** Takes the person's slot; returns the function that frees it (once), or null while one runs. */
  take(userId: string): (() => void) | null {
    if (this.busy.has(userId)) return null;
    this.busy.add(userId);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.busy.delete(userId);
    };
  }
}

export const exportSlots = new ExportSlots();
