import * as Y from "yjs";
import { CloseCode } from "../../../app/collab/protocol";
import type { ReadOnlyMeetings } from "../../history/read-only-meetings";
import { Refusal, type CollabExtension } from "../extension";

/** Thrown by editDocument for a read-only document: nothing was changed. */
export class ReadOnlyDocumentError extends Error {
  constructor(readonly docName: string) {
    super(`${docName} is read-only`);
  }
}

/**
 * Meetings with a confirmed report are read-only (decision 006): an update that would
 * change the document is refused with 4423 and never stored; one that brings nothing new
 * (every client's sync step 2 on connecting) passes, so people can still read it together.
 * The server's own edits are refused too (ReadOnlyDocumentError).
 */
export function readOnlyDocuments(readOnly: ReadOnlyMeetings): CollabExtension {
  return {
    name: "read-only-documents",
    beforeApplyUpdate(connection, update) {
      if (!readOnly.isReadOnlyDocument(connection.docName)) return;
      const doc = connection.document!.doc;
      if (!Y.snapshotContainsUpdate(Y.snapshot(doc), update.bytes)) throw new Refusal(CloseCode.readOnly, "document is read-only");
    },
    beforeServerEdit(document) {
      if (readOnly.isReadOnlyDocument(document.name)) throw new ReadOnlyDocumentError(document.name);
    },
  };
}
