import { createContext, useContext } from "react";
import type { Role } from "../../../db/schema";
import type { Lead } from "../../live/use-lead";
import type { GoalOption } from "../../goals/goals.server";

/** What the editors' node views and the lead bar need to know: who is looking, the lead state, the agenda. */
export interface WorkspaceContextValue {
  role: Role;
  lead: Lead;
  /** The agenda's items in order, as the agenda field says (titles for the lead bar and the suggestion). */
  agendaItems: AgendaItemSummary[];
  setAgendaItems: (items: AgendaItemSummary[]) => void;
  /**
   * True once the server stopped serving this person (the session ended elsewhere, access
   * lost): every control is disabled, the editors are read-only, the local copy stays.
   */
  locked: boolean;
  /** The pair's learning goals, for the goal chips of agenda items and agreements (open ones can be picked). */
  goals: GoalOption[];
}

export interface AgendaItemSummary {
  id: string;
  title: string;
  timeboxMinutes: number | null;
}

export const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

export function useWorkspace(): WorkspaceContextValue {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error("useWorkspace outside the workspace");
  return value;
}

/** The agenda item with this id, or null (none chosen, or it was removed from the agenda). */
export function agendaItemById(items: AgendaItemSummary[], id: string | null | undefined): AgendaItemSummary | null {
  return (id && items.find((item) => item.id === id)) || null;
}
