import type { ConsultFeedbackEntry } from "../consult-feedback/feedback-content";

// Shared by the report tests (Markdown and PDF): only tests import this file.

/** One feedback form on a consult recording, as the opleider filled it in. */
export const consultFeedback: ConsultFeedbackEntry = {
  id: "f1",
  consultDate: "2026-11-20",
  description: "man, 54, hoest drie weken",
  learningQuestion: "Hoe rond ik af zonder uitloop?",
  items: { afronding: { score: 2, comment: "Samenvatting ontbrak" }, empathie: { score: 4, comment: "" }, anamnese: { score: null, comment: "Vraag naar roken" } },
  overall: "Goed contact",
  leerpunten: [{ id: "l1", text: "Eerst samenvatten, dan beleid", agreementId: "a", goalId: null, suggestionId: null }],
};
