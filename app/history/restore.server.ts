import * as Y from "yjs";
import type { JSONContent } from "@tiptap/core";
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from "@tiptap/y-tiptap";
import { meetingDocName } from "../collab/protocol";
import { DOCUMENT_FIELD_NAMES, MEETING_FIELDS } from "../meetings/fields";
import { koersSchema } from "../editor/extensions";
import { findSnapshot } from "../../db/snapshots";
import type { AppServices } from "../services.server";
import { withStoredState } from "./versions.server";

/** The document fields a restore brings back (fields.ts: the report has its own workflow and is left as it is). */
export const RESTORED_FIELDS: readonly string[] = DOCUMENT_FIELD_NAMES.flatMap((name) => {
  const field = MEETING_FIELDS[name];
  return field.restorable ? [field.fragment] : [];
});

export type RestoreResult = { ok: true; beforeRestoreId: number } | { ok: false; problem: "unknownVersion" | "readOnly" | "sameAsNow" };

/**
 * Brings a meeting's restorable fields (agenda, notes, agreements) back to an earlier version, as a NEW
 * change (stored and broadcast like any edit, so whoever has the meeting open sees it at
 * once). Nothing is lost: the state just before is saved first as a `beforeRestore` version.
 * The caller checks that `userId` may edit the meeting.
 */
export async function restoreVersion(
  services: Pick<AppServices, "db" | "readDocument" | "editDocument" | "takeSnapshot" | "isMeetingReadOnly">,
  meetingId: string,
  snapshotId: number,
  userId: string,
): Promise<RestoreResult> {
  const snapshot = await findSnapshot(services.db, snapshotId);
  if (!snapshot || snapshot.meeting_id !== meetingId) return { ok: false, problem: "unknownVersion" };
  if (await services.isMeetingReadOnly(meetingId)) return { ok: false, problem: "readOnly" };

  const schema = koersSchema();
  const fieldsOf = (doc: Y.Doc) =>
    RESTORED_FIELDS.map((field) => ({ field, content: yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(field), schema).toJSON() as JSONContent }));
  const fields = withStoredState(snapshot.state, fieldsOf);
  // Restoring what is already there would only add a version and an edit that change nothing.
  const now = await services.readDocument(meetingDocName(meetingId), fieldsOf);
  if (JSON.stringify(now) === JSON.stringify(fields)) return { ok: false, problem: "sameAsNow" };
  // The state just before is read in the same step as the edit (no change can fall between
  // them) and kept as a version; the list names it by its reason ("Voor het terugzetten").
  let beforeState: Uint8Array | null = null;
  await services.editDocument(meetingDocName(meetingId), (doc) => {
    beforeState = Y.encodeStateAsUpdate(doc);
    for (const { field, content } of fields) {
      const fragment = doc.getXmlFragment(field);
      fragment.delete(0, fragment.length);
      prosemirrorJSONToYXmlFragment(schema, content, fragment);
    }
  });
  const before = await services.takeSnapshot(meetingId, "beforeRestore", { userId, state: beforeState! });
  return { ok: true, beforeRestoreId: before.id };
}
