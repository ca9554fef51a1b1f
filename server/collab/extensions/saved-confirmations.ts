import { encodeSavedMessage } from "../../../app/collab/saved-state";
import type { CollabExtension } from "../extension";

/**
 * "Opgeslagen" (decision 004): once what a connection sent is stored, it gets a `saved`
 * auth message naming the stored clock of each client its update carried and the
 * deletions it carried; after its sync step 2 the whole state vector. Sent only after the
 * batch committed, never for a refused or failed write; an update that brought nothing
 * new is confirmed once what it builds on is stored.
 */
export function savedConfirmations(): CollabExtension {
  return {
    name: "saved-confirmations",
    afterStore(change) {
      if (!change.connection) return;
      const clocks = change.stateVector ? { encodedClocks: change.stateVector } : change.clocks;
      change.connection.send(encodeSavedMessage(clocks, change.deleteSet));
    },
  };
}
