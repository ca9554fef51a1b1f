// Dutch is the default language: these users are Dutch doctors.
export const nl = {
  app: {
    name: "Koers",
    tagline: "Leergesprekken van opleider en aios, samen live bijgehouden",
    language: "Taal",
    switchTo: "English",
  },
  home: {
    title: "Welkom bij Koers",
    intro: "Open een leergesprek om samen de agenda, de notities en de afspraken bij te houden.",
    openMeeting: "Open een leergesprek",
    meetingIdLabel: "Code van het gesprek",
    meetingIdHint: "Letters, cijfers, - of _ (bijvoorbeeld: week-47).",
    open: "Openen",
  },
  meeting: {
    title: "Leergesprek {{id}}",
    notes: "Notities",
    notesPlaceholder: "Schrijf hier de notities van het gesprek…",
    present: "Aanwezig",
    nobodyElse: "Alleen jij",
    you: "(jij)",
    loadingEditor: "Editor laden…",
    join: {
      title: "Hoe heet je?",
      intro: "Je naam en kleur zijn zichtbaar voor de ander in dit gesprek.",
      nameLabel: "Je naam",
      colorLabel: "Je kleur",
      submit: "Deelnemen",
      nameRequired: "Vul je naam in.",
    },
  },
  saveStatus: {
    saved: "Opgeslagen",
    saving: "Opslaan…",
    offline: "Offline — wijzigingen worden bewaard op dit apparaat",
  },
  errors: {
    notFoundTitle: "Niet gevonden",
    notFound: "Deze pagina bestaat niet.",
    genericTitle: "Er ging iets mis",
    generic: "Er ging iets mis. Probeer het opnieuw; je tekst is bewaard.",
    backHome: "Naar de startpagina",
  },
};

export type Messages = typeof nl;
