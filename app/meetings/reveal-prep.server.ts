import { yXmlFragmentToProseMirrorRootNode } from "@tiptap/y-tiptap";
import type { Meeting } from "../../db/schema";
import { listPairMembers } from "../../db/pairs";
import type { AppServices } from "../services.server";
import { MeetingField, meetingDocName, privateNotesDocName } from "../collab/protocol";
import { koersSchema } from "../editor/extensions";
import { appendToField, fieldBlocks } from "../editor/write-fields";
import { PREP_FIELD, REVEAL_MARKER, revealBlocks } from "./proces-prep";

export type RevealResult = { ok: true } | { ok: false; problem: "onlyAios" | "notProces" | "alreadyRevealed" | "readOnly" };

/**
 * The aios reveals both private 3+3 preparations into the shared notes, at once, as one
 * change that both screens receive live. Only the server can read both private documents.
 */
export async function revealPreparations(
  services: Pick<AppServices, "db" | "readDocument" | "editDocument" | "isMeetingReadOnly">,
  meeting: Meeting,
  role: "aios" | "opleider",
): Promise<RevealResult> {
  if (role !== "aios") return { ok: false, problem: "onlyAios" };
  if (meeting.kind !== "procesgericht") return { ok: false, problem: "notProces" };
  if (services.isMeetingReadOnly(meeting.id)) return { ok: false, problem: "readOnly" };
  const members = await listPairMembers(services.db, meeting.pair_id);
  const order = { aios: 0, opleider: 1 } as const;
  const sides = await Promise.all(
    [...members]
      .sort((a, b) => order[a.role] - order[b.role])
      .map(async (m) => ({
        label: `${m.role === "aios" ? "Aios" : "Opleider"} (${m.name})`,
        blocks: await services.readDocument(privateNotesDocName(meeting.id, m.user_id), (doc) => fieldBlocks(doc, PREP_FIELD)),
      })),
  );
  let revealed = false;
  await services.editDocument(meetingDocName(meeting.id), (doc) => {
    const notes = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(MeetingField.notes), koersSchema());
    notes.forEach((node) => {
      if (node.type.name === "heading" && node.attrs.agendaItemId === REVEAL_MARKER) revealed = true;
    });
    if (!revealed) appendToField(doc, MeetingField.notes, revealBlocks(sides));
  });
  return revealed ? { ok: false, problem: "alreadyRevealed" } : { ok: true };
}
