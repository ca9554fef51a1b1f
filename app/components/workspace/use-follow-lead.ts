import { appendBlocks } from "../../editor/append-blocks";
import { useEffect } from "react";
import type { Editor } from "@tiptap/react";
import type { Role } from "../../../db/schema";
import type { Lead } from "../../live/use-lead";
import type { AgendaItemSummary } from "./workspace-context";

/**
 * Following the lead: when the aios moves to an agenda item, both screens scroll to it
 * (the node view highlights it), and the aios's browser gives the notes a heading for it
 * if none exists yet, so the notes stay ordered by agenda item. Only the aios's browser
 * writes the heading, so it is never added twice.
 */
export function useFollowLead({
  lead,
  role,
  agendaEditor,
  notesEditor,
  onAgendaItems,
}: {
  lead: Lead;
  role: Role;
  agendaEditor: Editor | null;
  notesEditor: Editor | null;
  onAgendaItems: (items: AgendaItemSummary[]) => void;
}) {
  const currentId = lead.state.currentItemId;
  // Tell the lead bar the items' titles and time boxes (the current and the suggested item), again when they change.
  useEffect(() => {
    if (!agendaEditor) return;
    let last = "";
    const report = () => {
      const items: AgendaItemSummary[] = [];
      agendaEditor.state.doc.forEach((node) => {
        if (node.type.name !== "agendaItem" || typeof node.attrs.id !== "string") return;
        items.push({ id: node.attrs.id, title: node.textContent.trim(), timeboxMinutes: typeof node.attrs.timeboxMinutes === "number" ? node.attrs.timeboxMinutes : null });
      });
      const key = JSON.stringify(items);
      if (key === last) return; // typing in the notes, or a caret moving, does not re-render the page
      last = key;
      onAgendaItems(items);
    };
    report();
    agendaEditor.on("update", report);
    return () => {
      agendaEditor.off("update", report);
      onAgendaItems([]);
    };
  }, [agendaEditor, onAgendaItems]);
  useEffect(() => {
    if (!currentId || !agendaEditor) return;
    const element = document.querySelector(`[data-agenda-id="${CSS.escape(currentId)}"]`);
    element?.scrollIntoView({ block: "nearest", behavior: "smooth" });
    if (role !== "aios" || !notesEditor) return;
    let title = "";
    agendaEditor.state.doc.forEach((node) => {
      if (node.type.name === "agendaItem" && node.attrs.id === currentId) title = node.textContent.trim();
    });
    if (!title) return;
    let exists = false;
    notesEditor.state.doc.descendants((node) => {
      if (node.type.name === "heading" && node.attrs.agendaItemId === currentId) exists = true;
      return !exists;
    });
    if (exists) return;
    appendBlocks(notesEditor, [
      { type: "heading", attrs: { level: 2, agendaItemId: currentId }, content: [{ type: "text", text: title }] },
      { type: "paragraph" },
    ]);
  }, [currentId, agendaEditor, notesEditor, role]);
}
