import type { Messages } from "./nl";

export const en: Messages = {
  app: {
    name: "Koers",
    tagline: "Learning conversations of trainer and trainee, kept together live",
    language: "Language",
    switchTo: "Nederlands",
  },
  home: {
    title: "Welcome to Koers",
    intro: "Open a learning conversation to keep the agenda, notes and agreements together.",
    openMeeting: "Open a learning conversation",
    meetingIdLabel: "Conversation code",
    meetingIdHint: "Letters, digits, - or _ (for example: week-47).",
    open: "Open",
  },
  meeting: {
    title: "Learning conversation {{id}}",
    notes: "Notes",
    notesPlaceholder: "Write the notes of the conversation here…",
    present: "Present",
    nobodyElse: "Only you",
    you: "(you)",
    loadingEditor: "Loading editor…",
    join: {
      title: "What is your name?",
      intro: "Your name and colour are visible to the other person in this conversation.",
      nameLabel: "Your name",
      colorLabel: "Your colour",
      submit: "Join",
      nameRequired: "Enter your name.",
    },
  },
  saveStatus: {
    saved: "Saved",
    saving: "Saving…",
    offline: "Offline — changes are kept on this device",
  },
  errors: {
    notFoundTitle: "Not found",
    notFound: "This page does not exist.",
    genericTitle: "Something went wrong",
    generic: "Something went wrong. Please try again; your text is saved.",
    backHome: "Back to the start page",
  },
};
