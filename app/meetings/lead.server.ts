import type { AppServices } from "../services.server";
import type { Meeting, Role } from "../../db/schema";
import { findMeeting, updateLeadIfUnchanged } from "../../db/meetings";
import { applyLeadCommand, leadStateOf, type LeadCommand, type LeadState } from "../live/lead";

// The aios leads (issue #4), as a domain workflow: a command is read against the meetings row,
// checked with the pure rules in app/live/lead.ts, and stored with a compare-and-set on the
// row's lead_version, like the report steps' conditional updates. When another command got in
// between (another tab, another server instance), it reads again and re-applies the rules; so
// the database orders the commands, and no queue in one process's memory is needed.

/** How often a command re-reads after losing a race before it gives up (a human never gets near it). */
const MAX_ATTEMPTS = 8;

export type LeadCommandOutcome =
  | {
      ok: true;
      /** The lead state as stored (broadcast it to the meeting's room). */
      state: LeadState;
      pairId: string;
      /** The meeting's status changed (its pair's pages list it). */
      statusChanged: boolean;
      /** This command ended the meeting (the end-of-meeting snapshot follows). */
      ended: boolean;
    }
  | { ok: false; error: "onlyAios" | "notFound" | "invalidState" | "saveFailed" };

/**
 * Runs one lead command for the member `who` (their role as the server found it, never as a
 * client claims): only the aios leads. Stored before it is answered; nothing is stored when it
 * is refused.
 */
export async function runLeadCommand(
  services: Pick<AppServices, "db">,
  who: { role: Role },
  command: LeadCommand,
  now: () => Date = () => new Date(),
): Promise<LeadCommandOutcome> {
  if (who.role !== "aios") return { ok: false, error: "onlyAios" };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const meeting = await findMeeting(services.db, command.meetingId);
    if (!meeting) return { ok: false, error: "notFound" };
    const result = applyLeadCommand(meeting, command, now());
    if (!result.ok) return result;
    if (Object.keys(result.changes).length === 0) return stored(meeting, meeting);
    if (await updateLeadIfUnchanged(services.db, meeting.id, meeting.lead_version, result.changes)) {
      // Exactly the row as written: nobody changed it between the read and this write.
      return stored(meeting, { ...meeting, ...result.changes, lead_version: meeting.lead_version + 1 });
    }
  }
  return { ok: false, error: "saveFailed" };
}

function stored(before: Meeting, after: Meeting): LeadCommandOutcome {
  return {
    ok: true,
    state: leadStateOf(after),
    pairId: after.pair_id,
    statusChanged: after.status !== before.status,
    ended: before.status !== "afgerond" && after.status === "afgerond",
  };
}
