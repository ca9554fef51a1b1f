import { parseDocName } from "../../../app/collab/protocol";
import type { CollabDocument } from "../extension";

const meetingIds = new WeakMap<CollabDocument, string | null>();

/** The meeting id of a meeting's shared document, or null (private notes); parsed once per open document. */
export function meetingIdOf(document: CollabDocument): string | null {
  let id = meetingIds.get(document);
  if (id === undefined) {
    const parsed = parseDocName(document.name);
    id = parsed?.kind === "meeting" ? parsed.meetingId : null;
    meetingIds.set(document, id);
  }
  return id;
}
