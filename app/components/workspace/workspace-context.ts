import { createContext, useContext } from "react";
import type { Role } from "../../../db/schema";
import type { Lead } from "../../live/use-lead";

/** What the editors' node views need to know: who is looking, and the lead state. */
export interface WorkspaceContextValue {
  role: Role;
  lead: Lead;
}

export const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

export function useWorkspace(): WorkspaceContextValue {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error("useWorkspace outside the workspace");
  return value;
}
