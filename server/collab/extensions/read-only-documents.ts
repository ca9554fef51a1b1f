import * as Y from "yjs";
import { CloseCode, parseDocName } from "../../../app/collab/protocol";
import type { ReadOnlyMeetings } from "../../history/read-only-meetings";
import { Refusal, type CollabExtension } from "../extension";
import { meetingIdOf } from "./meeting-document";

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
 * The server's own edits are refused too (ReadOnlyDocumentError). Whether a meeting is
 * confirmed is read from the database when its document is loaded (and announced by the
 * instance that confirms it), never from a set loaded at start.
 */
export function readOnlyDocuments(readOnly: ReadOnlyMeetings): CollabExtension {
  return {
    name: "read-only-documents",
    async onLoadDocument(document) {
      const meetingId = meetingIdOf(document);
      if (meetingId !== null) await readOnly.documentLoaded(meetingId);
    },
    onDocumentClosed(docName) {
      const parsed = parseDocName(docName);
      if (parsed?.kind === "meeting") readOnly.documentClosed(parsed.meetingId);
    },
    beforeApplyUpdate(connection, update) {
      const document = connection.document!;
      if (!readOnly.isReadOnlyDocument(meetingIdOf(document))) return;
      if (!Y.snapshotContainsUpdate(Y.snapshot(document.doc), update.bytes)) throw new Refusal(CloseCode.readOnly, "document is read-only");
    },
    beforeServerEdit(document) {
      if (readOnly.isReadOnlyDocument(meetingIdOf(document))) throw new ReadOnlyDocumentError(document.name);
    },
  };
}
