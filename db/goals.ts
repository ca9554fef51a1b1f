import type { Kysely, Transaction } from "kysely";
import type { Database, GoalStatus, LearningGoal, LearningGoalEventTable, LearningGoalSuggestion, LearningGoalTable } from "./schema";

// Learning goals (the aios's IOP), their history and the opleider's suggestions. Every write
// that depends on what the row said (text, status, a suggestion still open) is a conditional
// update, so two changes at once never silently overwrite each other. Who may write is the
// domain's business (app/goals/goals.server.ts).

/** The statuses in which a goal is still being worked on (chips and reviews offer these). */
export const OPEN_GOAL_STATUSES: readonly GoalStatus[] = ["actief", "bijgesteld"];

export type NewGoalEvent = Omit<LearningGoalEventTable, "goal_id">;

/** A goal's event with the name of who did it. */
export interface GoalEventWithName extends Omit<LearningGoalEventTable, never> {
  by_name: string | null;
}

async function addEvent(db: Kysely<Database> | Transaction<Database>, goalId: string, event: NewGoalEvent): Promise<void> {
  await db.insertInto("learning_goal_events").values({ ...event, goal_id: goalId }).execute();
}

/** Stores a new goal and its "created" event, in one transaction. */
export async function insertGoal(db: Kysely<Database>, goal: LearningGoalTable, event: NewGoalEvent): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto("learning_goals").values(goal).execute();
    await addEvent(trx, goal.id, event);
  });
}

export async function findGoal(db: Kysely<Database>, id: string): Promise<LearningGoal | undefined> {
  return db.selectFrom("learning_goals").selectAll().where("id", "=", id).executeTakeFirst();
}

/** A pair's goals: earliest evaluation date first, then oldest first. */
export async function listGoalsOfPair(db: Kysely<Database>, pairId: string): Promise<LearningGoal[]> {
  return db.selectFrom("learning_goals").selectAll().where("pair_id", "=", pairId).orderBy("evaluate_on", "asc").orderBy("created_at", "asc").execute();
}

/** A pair's open goals (actief, bijgesteld) whose evaluation date is on or before `date`, earliest first. */
export async function listOpenGoalsDueBy(db: Kysely<Database>, pairId: string, date: string): Promise<LearningGoal[]> {
  return db
    .selectFrom("learning_goals")
    .selectAll()
    .where("pair_id", "=", pairId)
    .where("status", "in", [...OPEN_GOAL_STATUSES])
    .where("evaluate_on", "<=", date)
    .orderBy("evaluate_on", "asc")
    .orderBy("created_at", "asc")
    .execute();
}

/**
 * Changes a goal's text (and competency, evaluation date) when it is still at `revision`, with
 * its "edited" event, in one transaction. False when someone changed it meanwhile.
 */
export async function updateGoalText(
  db: Kysely<Database>,
  goalId: string,
  revision: number,
  change: Pick<LearningGoalTable, "what" | "why" | "how" | "evidence" | "evaluate_on" | "competency" | "updated_at">,
  event: NewGoalEvent,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable("learning_goals")
      .set({ ...change, revision: revision + 1 })
      .where("id", "=", goalId)
      .where("revision", "=", revision)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await addEvent(trx, goalId, event);
    return true;
  });
}

/** Moves a goal from status `from` to `to` (only if it still has `from`), with its event. False otherwise. */
export async function updateGoalStatus(db: Kysely<Database>, goalId: string, from: GoalStatus, to: GoalStatus, at: string, event: NewGoalEvent): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("learning_goals").select("revision").where("id", "=", goalId).where("status", "=", from).executeTakeFirst();
    if (!current) return false;
    const result = await trx
      .updateTable("learning_goals")
      .set({ status: to, revision: current.revision + 1, updated_at: at })
      .where("id", "=", goalId)
      .where("status", "=", from)
      .where("revision", "=", current.revision)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await addEvent(trx, goalId, event);
    return true;
  });
}

/** Adds an event to a goal's history (a comment). */
export async function insertGoalEvent(db: Kysely<Database>, goalId: string, event: NewGoalEvent): Promise<void> {
  await addEvent(db, goalId, event);
}

/** A goal's history, oldest first, with who did each step. */
export async function listGoalEvents(db: Kysely<Database>, goalId: string): Promise<GoalEventWithName[]> {
  return db
    .selectFrom("learning_goal_events")
    .leftJoin("users", "users.id", "learning_goal_events.by_user")
    .selectAll("learning_goal_events")
    .select("users.name as by_name")
    .where("learning_goal_events.goal_id", "=", goalId)
    .orderBy("learning_goal_events.at", "asc")
    .orderBy("learning_goal_events.id", "asc")
    .execute();
}

/** The history of every goal of a pair (for the pair's page and exports), oldest first. */
export async function listGoalEventsOfPair(db: Kysely<Database>, pairId: string): Promise<Array<GoalEventWithName>> {
  return db
    .selectFrom("learning_goal_events")
    .innerJoin("learning_goals", "learning_goals.id", "learning_goal_events.goal_id")
    .leftJoin("users", "users.id", "learning_goal_events.by_user")
    .selectAll("learning_goal_events")
    .select("users.name as by_name")
    .where("learning_goals.pair_id", "=", pairId)
    .orderBy("learning_goal_events.at", "asc")
    .orderBy("learning_goal_events.id", "asc")
    .execute();
}

// --- Suggestions ---

export interface SuggestionWithName extends LearningGoalSuggestion {
  suggested_by_name: string | null;
}

export async function insertSuggestion(db: Kysely<Database>, suggestion: LearningGoalSuggestion): Promise<void> {
  await db.insertInto("learning_goal_suggestions").values(suggestion).execute();
}

export async function findSuggestion(db: Kysely<Database>, id: string): Promise<LearningGoalSuggestion | undefined> {
  return db.selectFrom("learning_goal_suggestions").selectAll().where("id", "=", id).executeTakeFirst();
}

/** A pair's suggestions, newest first, with the name of who suggested each. */
export async function listSuggestionsOfPair(db: Kysely<Database>, pairId: string): Promise<SuggestionWithName[]> {
  return db
    .selectFrom("learning_goal_suggestions")
    .leftJoin("users", "users.id", "learning_goal_suggestions.suggested_by")
    .selectAll("learning_goal_suggestions")
    .select("users.name as suggested_by_name")
    .where("learning_goal_suggestions.pair_id", "=", pairId)
    .orderBy("learning_goal_suggestions.suggested_at", "desc")
    .execute();
}

/**
 * Takes over an open suggestion: the goal and its "created" event are stored and the suggestion
 * is marked accepted with that goal, in one transaction. False when it was no longer open.
 */
export async function acceptSuggestion(db: Kysely<Database>, suggestionId: string, goal: LearningGoalTable, event: NewGoalEvent, decidedBy: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    // The goal first: the suggestion then refers to a row that exists.
    await trx.insertInto("learning_goals").values(goal).execute();
    const result = await trx
      .updateTable("learning_goal_suggestions")
      .set({ status: "accepted", decided_by: decidedBy, decided_at: goal.created_at, goal_id: goal.id })
      .where("id", "=", suggestionId)
      .where("status", "=", "open")
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      // Decided meanwhile (a second click, another tab): nothing of this stays.
      await trx.deleteFrom("learning_goals").where("id", "=", goal.id).execute();
      return false;
    }
    await addEvent(trx, goal.id, event);
    return true;
  });
}

/** Declines an open suggestion (with an optional note). False when it was no longer open. */
export async function declineSuggestion(db: Kysely<Database>, suggestionId: string, decidedBy: string, at: string, note: string | null): Promise<boolean> {
  const result = await db
    .updateTable("learning_goal_suggestions")
    .set({ status: "declined", decided_by: decidedBy, decided_at: at, decline_note: note })
    .where("id", "=", suggestionId)
    .where("status", "=", "open")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The frozen content of a pair's confirmed reports, with when each was confirmed: a confirmed
 * meeting's agenda no longer changes, so what it linked to is read from here (JSON text).
 */
export async function listConfirmedReportContents(db: Kysely<Database>, pairId: string): Promise<Array<{ meeting_id: string; confirmed_at: string; frozen_content: string }>> {
  const rows = await db
    .selectFrom("reports")
    .innerJoin("meetings", "meetings.id", "reports.meeting_id")
    .select(["reports.meeting_id", "reports.confirmed_at", "reports.frozen_content"])
    .where("meetings.pair_id", "=", pairId)
    .where("reports.status", "=", "bevestigd")
    .where("reports.frozen_content", "is not", null)
    .execute();
  return rows.map((r) => ({ meeting_id: r.meeting_id, confirmed_at: r.confirmed_at ?? "", frozen_content: r.frozen_content! }));
}
