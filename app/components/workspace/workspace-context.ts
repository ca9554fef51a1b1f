import { createContext, useContext } from "react";
import type { Role } from "../../../db/schema";
import type { Lead } from "../../live/use-lead";

/** What the editors' node views need to know: who is looking, and the lead state. */
export interface WorkspaceContextValue {
  role: Role;
  lead: Lead;
  /** The current agenda item's title and time box, as the agenda says (for the lead bar). */
  currentItem: CurrentItem | null;
  setCurrentItem: (item: CurrentItem | null) => void;
}

export interface CurrentItem {
  title: string;
  timeboxMinutes: number | null;
}

export const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

export function useWorkspace(): WorkspaceContextValue {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error("useWorkspace outside the workspace");
  return value;
}
