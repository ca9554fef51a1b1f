import type { JSONContent } from "@tiptap/core";
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from "@tiptap/y-tiptap";
import type { Meeting } from "../../db/schema";
import { listPairMembers } from "../../db/pairs";
import type { AppServices } from "../services.server";
import { MeetingField, meetingDocName, privateNotesDocName } from "../collab/protocol";
import { koersSchema } from "../editor/extensions";
import { fieldBlocks } from "../editor/write-fields";
import { isRevealed, PREP_FIELD, revealIntoNotes, sortPrep, type RevealSide } from "./proces-prep";
import { PROCES_ROUND } from "./templates";
import { kindOf } from "./kinds";

export type RevealResult = { ok: true } | { ok: false; problem: "onlyAios" | "notProces" | "alreadyRevealed" | "readOnly" };

/**
 * The aios reveals both private 3+3 preparations into the shared notes, at once, as one
 * change that both screens receive live: into the template's "Wat gaat goed" and "Wat kan
 * beter" sections, each side under its own name. Only the server can read both private documents.
 */
export async function revealPreparations(
  services: Pick<AppServices, "db" | "readDocument" | "editDocument" | "isMeetingReadOnly">,
  meeting: Meeting,
  role: "aios" | "opleider",
): Promise<RevealResult> {
  if (role !== "aios") return { ok: false, problem: "onlyAios" };
  if (!kindOf(meeting.kind).preparation) return { ok: false, problem: "notProces" };
  if (await services.isMeetingReadOnly(meeting.id)) return { ok: false, problem: "readOnly" };
  const members = await listPairMembers(services.db, meeting.pair_id);
  const order = { aios: 0, opleider: 1 } as const;
  const sides: RevealSide[] = [];
  for (const m of [...members].sort((a, b) => order[a.role] - order[b.role])) {
    const blocks = await services.readDocument(privateNotesDocName(meeting.id, m.user_id), (doc) => fieldBlocks(doc, PREP_FIELD));
    sides.push({ side: m.role, label: `${m.role === "aios" ? PROCES_ROUND.aios : PROCES_ROUND.opleider} (${m.name})`, prep: sortPrep(blocks) });
  }
  let revealed = false;
  await services.editDocument(meetingDocName(meeting.id), (doc) => {
    const schema = koersSchema();
    const fragment = doc.getXmlFragment(MeetingField.notes);
    const notes = (yXmlFragmentToProseMirrorRootNode(fragment, schema).toJSON() as JSONContent).content ?? [];
    revealed = isRevealed(notes);
    if (revealed) return;
    // An empty notes field holds one empty paragraph: it gives way to the filled sections.
    const current = notes.length === 1 && notes[0]!.type === "paragraph" && !notes[0]!.content?.length ? [] : notes;
    const next: JSONContent = { type: "doc", content: revealIntoNotes(current, sides) };
    schema.nodeFromJSON(next).check();
    // y-tiptap updates the fragment in place: unchanged blocks are kept, only the filled ones change.
    prosemirrorJSONToYXmlFragment(schema, next, fragment);
  });
  return revealed ? { ok: false, problem: "alreadyRevealed" } : { ok: true };
}
