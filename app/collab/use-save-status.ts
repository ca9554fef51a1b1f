import { useCallback, useSyncExternalStore } from "react";
import type { DocConnection } from "./doc-connection.client";
import type { SaveStatus } from "./saved-state";

/** The save status of a shared document, re-rendering when it changes. */
export function useSaveStatus(connection: DocConnection): SaveStatus {
  const subscribe = useCallback((onChange: () => void) => connection.onSaveStatus(onChange), [connection]);
  const read = () => connection.saveStatus;
  return useSyncExternalStore(subscribe, read, read);
}
