import { useCallback, useSyncExternalStore } from "react";
import type { DocConnection } from "./doc-connection.client";
import type { SaveStatus } from "./saved-state";

/** What the save status shows: the save status, or "refused" once the server stopped serving the document. */
export type ShownSaveStatus = SaveStatus | "refused";

/** The save status of a shared document, re-rendering when it changes. */
export function useSaveStatus(connection: DocConnection): ShownSaveStatus {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const offStatus = connection.onSaveStatus(onChange);
      const offRefusal = connection.onRefusal(onChange);
      return () => {
        offStatus();
        offRefusal();
      };
    },
    [connection],
  );
  const read = (): ShownSaveStatus => (connection.refusal && connection.refusal !== "ok" ? "refused" : connection.saveStatus);
  return useSyncExternalStore(subscribe, read, read);
}
