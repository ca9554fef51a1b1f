import { Extension } from "@tiptap/core";

/**
 * Lets a notes heading say which agenda item it belongs to (`data-agenda-item-id`), so
 * when the aios moves to an item the notes get that item's heading once, not twice.
 */
export const HeadingAgendaLink = Extension.create({
  name: "headingAgendaLink",
  addGlobalAttributes() {
    return [
      {
        types: ["heading"],
        attributes: {
          agendaItemId: {
            default: null,
            parseHTML: (el: HTMLElement) => el.getAttribute("data-agenda-item-id"),
            renderHTML: (attrs: Record<string, unknown>) => (attrs.agendaItemId ? { "data-agenda-item-id": attrs.agendaItemId } : {}),
          },
        },
      },
    ];
  },
});
