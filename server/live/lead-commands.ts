import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { LiveEvent, meetingRoom } from "../../app/live/events";
import { dismissSchema, leadCommandSchema, suggestionSchema, type Suggestion } from "../../app/live/lead";
import { runLeadCommand } from "../../app/meetings/lead.server";
import type { SuggestionWindow } from "../../app/meetings/lead-suggestions";
import { logger } from "../logger";
import type { LiveServer, LiveSocket } from "./live-server";
import { onCommand } from "./on-command";

/**
 * The lead commands on one socket, as transport: the domain workflow (app/meetings/lead.server.ts)
 * decides and stores, this broadcasts the stored state to the meeting's room. A socket's own
 * commands run one at a time in the order they arrived (a double click of start + setCurrent is
 * applied as sent); commands from different sockets or server instances are ordered by the
 * database (compare-and-set), not here. `onEnded` runs after an end was stored (the
 * end-of-meeting history snapshot).
 */
export function handleLeadCommands(
  io: LiveServer,
  socket: LiveSocket,
  db: Kysely<Database>,
  suggestions: SuggestionWindow,
  /** The pair's pages are told when a meeting's status changed (its dashboard lists it). */
  onChanged: (pairId: string) => void,
  onEnded?: (meetingId: string, userId: string) => void,
): void {
  const services = { db };
  const inOrder = sequential();

  onCommand(socket, LiveEvent.leadCommand, leadCommandSchema, (command, answer) =>
    inOrder(async () => {
      const joined = socket.data.meeting;
      if (!joined || joined.meetingId !== command.meetingId) return answer({ ok: false, error: "notJoined" });
      try {
        const outcome = await runLeadCommand(services, { role: joined.identity.role }, command);
        if (!outcome.ok) return answer(outcome);
        io.to(meetingRoom(joined.meetingId)).emit(LiveEvent.leadState, outcome.state);
        // The command is stored and sent: a failure to clear the suggestion window is only logged.
        if (command.command === "setCurrent") await Promise.resolve(suggestions.answered(joined.meetingId)).catch((error: unknown) => logger.error("clearing a suggestion failed", error));
        if (outcome.statusChanged) onChanged(outcome.pairId);
        if (outcome.ended) onEnded?.(joined.meetingId, joined.identity.userId);
        answer({ ok: true });
      } catch (error) {
        // Reported, never swallowed: the aios sees that the command did not take.
        logger.error("storing a lead command failed", error);
        answer({ ok: false, error: "saveFailed" });
      }
    }),
  );

  onCommand(socket, LiveEvent.leadSuggest, suggestionSchema, async ({ meetingId, itemId }, answer) => {
    const joined = socket.data.meeting;
    if (!joined || joined.meetingId !== meetingId) return answer({ ok: false, error: "notJoined" });
    // The opleider suggests; the aios simply moves on.
    if (joined.identity.role !== "opleider") return answer({ ok: false, error: "forbidden" });
    // The same suggestion again within a few seconds is answered but reaches the aios only once (on every instance).
    if (await suggestions.shouldDeliver(joined.meetingId, itemId)) {
      const suggestion: Suggestion = { itemId, fromName: joined.identity.name };
      io.to(meetingRoom(joined.meetingId)).emit(LiveEvent.leadSuggestion, suggestion);
    }
    answer({ ok: true });
  });

  onCommand(socket, LiveEvent.leadDismiss, dismissSchema, async ({ meetingId }, answer) => {
    const joined = socket.data.meeting;
    if (!joined || joined.meetingId !== meetingId) return answer({ ok: false, error: "notJoined" });
    if (joined.identity.role !== "aios") return answer({ ok: false, error: "onlyAios" });
    await suggestions.answered(joined.meetingId);
    io.to(meetingRoom(joined.meetingId)).emit(LiveEvent.leadSuggestion, null);
    answer({ ok: true });
  });
}

/** Runs the tasks given to it one after another, in the order given (one socket's commands). */
export function sequential(): (task: () => Promise<void>) => Promise<void> {
  let tail: Promise<void> = Promise.resolve();
  return (task) => {
    const run = tail.then(task);
    tail = run.catch((error: unknown) => logger.error("a socket command failed", error));
    return run;
  };
}
