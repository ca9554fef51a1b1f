import type { JSONContent } from "@tiptap/core";
import type { Proposer } from "../editor/agenda-item";

// Default agendas and question banks per kind of leergesprek, paraphrased from the two
// seed documents (AMC "Leergesprekken", 2021; "Didactisch Dilemma: de aios in the lead").
// The prompts are Dutch on purpose: they become document content, not UI chrome.
// Which kind uses which template is the kind registry's business (kinds.ts).

/** One default talking point: its title and an optional time box in minutes. */
export interface AgendaTemplateItem {
  title: string;
  timeboxMinutes: number | null;
  /** The learning goal the item is about (a voortgangsgesprek starts with the goals). */
  goalId?: string;
}

/** A titled group of prompts within a question bank. */
export interface QuestionSection {
  heading: string;
  questions: readonly string[];
}

/** Prompts that help the aios lead and the opleider coach, grouped in sections. */
export interface QuestionBank {
  title: string;
  sections: readonly QuestionSection[];
}

/** What a new meeting of one kind (and sub-form) starts with. */
export interface MeetingTemplate {
  agenda: readonly AgendaTemplateItem[];
  questionBank: QuestionBank;
  /** How many agreements the meeting should end with at least (a UI may warn before closing). */
  minimumAgreements: number;
  /**
   * The agenda starts with the learning goals due for evaluation (one item per goal, linked to
   * it), right after the template's first item: a voortgangsgesprek starts with the goals.
   */
  evaluateGoalsFirst?: boolean;
}

/** A sub-form's own agenda, and the prompts that come before its kind's shared questions. */
export interface SubformTemplate {
  agenda: readonly AgendaTemplateItem[];
  section: QuestionSection;
}

/** The voortgangsgesprek's first agenda item: the learning goals. */
export const GOALS_FIRST_ITEM_TITLE = "Leerdoelen: stand van zaken";

const review: AgendaTemplateItem = { title: "Terugblik op de afspraken van vorige keer", timeboxMinutes: 5 };
const closing: AgendaTemplateItem = { title: "Afspraken en terugkomdatum", timeboxMinutes: 5 };

/** The 20 questions that help an aios lead a leer- or voortgangsgesprek. */
const VOORTGANG_BANK: QuestionBank = {
  title: "20 vragen voor het voortgangsgesprek",
  sections: [
    {
      heading: "Het gesprek",
      questions: [
        "Waarvoor wil je dit gesprek gebruiken?",
        "Welke punten wil je zeker bespreken?",
        "Waarmee wil je beginnen?",
        "Waarop wil je feedback?",
      ],
    },
    {
      heading: "Terugblik",
      questions: ["Wat heb je de afgelopen periode bereikt?", "Waar loop je tegenaan?"],
    },
    {
      heading: "Beroepsbeeld",
      questions: ["Waar sta je over een jaar?", "Wat voor dokter wil je worden?", "Wat vind je belangrijk?"],
    },
    {
      heading: "Ontwikkeling",
      questions: [
        "Waarin wil je je ontwikkelen?",
        "Wat ga je uit de weg?",
        "Hoe daag je jezelf uit?",
        "Wat heb je nodig?",
        "Wanneer ben je tevreden?",
      ],
    },
    {
      heading: "Groep, praktijk en onderwijs",
      questions: [
        "Wat draag je bij aan het leren in je groep?",
        "Welke doelen kun je in deze praktijk niet halen?",
        "Hoe ga je daaraan werken?",
        "Welke kwaliteiten breng je in de praktijk in, en wat merken anderen daarvan?",
        "Welk keuzeonderwijs maakt jou een betere huisarts?",
        "Ken je jezelf goed genoeg om dat te bepalen?",
      ],
    },
  ],
};

const PERSOONSGERICHT_BANK: QuestionBank = {
  title: "Vragen voor het persoonsgericht leergesprek",
  sections: [
    {
      heading: "Reflectie: de situatie en wat die met je doet",
      questions: [
        "Wat vind jij een lastige patiënt?",
        "Waarom vind je deze patiënt lastig?",
        "Wat doet het met je (betrokkenheid, irritatie, opluchting)?",
        "Gaat het om deze patiënt, of heb je dit bij meer patiënten?",
      ],
    },
    {
      heading: "Oplossingsgericht: pas als de analyse helder is",
      questions: [
        "Welke oplossingen kun je bedenken om met zo'n patiënt om te gaan?",
        "Welke oplossing spreekt je het meest aan?",
        "Wat doe je de volgende keer als deze patiënt bij je komt?",
        "Wanneer komen we hierop terug om te zien of het werkt?",
      ],
    },
  ],
};

/** Coaching questions for every taakgericht leergesprek: eerst zelf nadenken, dan kennis. */
export const TAAK_COACHING: QuestionSection = {
  heading: "Coachende vragen",
  questions: [
    "Wat was de hulpvraag van de patiënt?",
    "Waarom schrijf je deze medicatie voor?",
    "Wat had je nog meer kunnen voorschrijven?",
    "Stel dat je een zelfstandige week had: wat zou je dan doen?",
    "Waar kun je dat opzoeken?",
  ],
};

/** The number of things each side brings to a procesgericht leergesprek: 3 going well, 3 to improve. */
export const PROCES_POINTS_PER_SIDE = 3;

/**
 * The words of the procesgericht fill-in (buildProcesRoundContent), which the reveal of both
 * 3+3 preparations looks for to fill it in (proces-prep.ts).
 */
export const PROCES_ROUND = {
  goed: "Wat gaat goed",
  beter: "Wat kan beter",
  aios: "Aios",
  opleider: "Opleider",
  action: "Actiepunt",
  actionHint: "Ten minste één actiepunt met plan van aanpak; zet het ook bij de afspraken.",
  nothingPrepared: "(niets voorbereid)",
  otherFrom: "Verder voorbereid door",
} as const;

const PROCESGERICHT_BANK: QuestionBank = {
  title: "Vragen voor het procesgericht leergesprek",
  sections: [
    {
      // Not "Wat gaat goed": that is the fill-in's own section, where the reveal puts the points.
      heading: "Doorvragen bij wat goed gaat",
      questions: [
        `Aios: welke ${PROCES_POINTS_PER_SIDE} dingen gaan goed in de samenwerking en de begeleiding?`,
        `Opleider: welke ${PROCES_POINTS_PER_SIDE} dingen gaan goed in de samenwerking met de aios?`,
        "Wat gaat er precies goed, en waarom?",
      ],
    },
    {
      heading: "Doorvragen bij wat beter kan",
      questions: [
        `Aios: welke ${PROCES_POINTS_PER_SIDE} punten kunnen beter, of waar loop je tegenaan?`,
        `Opleider: welke ${PROCES_POINTS_PER_SIDE} punten kunnen beter in de samenwerking?`,
        "Waarom gaat dit minder goed?",
        "Welke oplossing bedenk je eerst zelf?",
      ],
    },
    {
      heading: "Onderwerpen",
      questions: [
        "Hoe zijn de leergesprekken, in kwaliteit en in aantal?",
        "Welke rol nemen aios en opleider in de leergesprekken?",
        "Hoe is de feedback, over en weer, in kwaliteit en in aantal?",
        "Hoe gaat de samenwerking met de assistentes en de collega's, en de organisatie van de praktijk?",
      ],
    },
    {
      heading: "Actiepunt",
      questions: [
        "Op welk verbeterpunt maken we samen ten minste één actiepunt?",
        "Wat is het plan van aanpak: wie doet wat, en wanneer komen we erop terug?",
      ],
    },
  ],
};

// The sub-forms of a taakgericht leergesprek: each its own agenda and the prompts that come
// before the shared coaching questions.

export const CONSULTBESPREKING_FORM: SubformTemplate = {
  agenda: [
    review,
    { title: "Het consult: vraag van de aios (evt. met video- of audio-opname)", timeboxMinutes: 15 },
    { title: "Feedback op de consultvoering", timeboxMinutes: 15 },
    { title: "Leerpunten", timeboxMinutes: 5 },
    closing,
  ],
  section: {
    heading: "Consultbespreking",
    questions: [
      "Wat wilde je in dit consult bereiken?",
      "Op welk moment in het consult wil je feedback?",
      "Wat zou je een volgende keer anders doen?",
    ],
  },
};

export const CASUSBESPREKING_FORM: SubformTemplate = {
  agenda: [
    review,
    { title: "De casus: episodes, voorgeschiedenis en bevindingen van specialisten", timeboxMinutes: 10 },
    { title: "Inhoudelijke vragen van de aios", timeboxMinutes: 15 },
    { title: "Beleid en onderbouwing", timeboxMinutes: 10 },
    closing,
  ],
  section: {
    heading: "Casusbespreking",
    questions: [
      "Welke inhoudelijke vraag heb je bij deze patiënt?",
      "Hoe hangen de episodes en de voorgeschiedenis samen?",
      "Wat is nu je beleid, en waarom?",
    ],
  },
};

export const THEMABESPREKING_FORM: SubformTemplate = {
  agenda: [
    review,
    { title: "Het thema en de aanleiding (praktijkopdracht, NHG-standaard, leemte)", timeboxMinutes: 5 },
    { title: "Wat is voorbereid", timeboxMinutes: 15 },
    { title: "Verdieping en toepassing in de praktijk", timeboxMinutes: 15 },
    closing,
  ],
  section: {
    heading: "Themabespreking",
    questions: [
      "Waarom dit thema, en waarom nu?",
      "Wat heb je voorbereid, en wat viel je op?",
      "Wat betekent dit voor je handelen in de praktijk?",
    ],
  },
};

export const CONSULTATIE_FORM: SubformTemplate = {
  // A consultatie is the urgent question during a patient contact: short by nature.
  agenda: [
    { title: "De vraag van de aios", timeboxMinutes: 2 },
    { title: "Overleg en beleid", timeboxMinutes: 5 },
    { title: "Later nabespreken?", timeboxMinutes: 3 },
  ],
  section: {
    heading: "Consultatie",
    questions: [
      "Wat is je vraag, en wat denk je zelf?",
      "Hoe dringend is het?",
      "Hoe regelen we consultaties: wanneer, en op welke manier?",
    ],
  },
};

export const OBSERVATIE_FORM: SubformTemplate = {
  agenda: [
    review,
    { title: "Wat is geobserveerd, en met welke vraag", timeboxMinutes: 5 },
    { title: "Bevindingen van wie observeerde", timeboxMinutes: 15 },
    { title: "Reflectie van wie geobserveerd werd", timeboxMinutes: 15 },
    closing,
  ],
  section: {
    heading: "Observatie",
    questions: [
      "Waarop wil je dat de ander let?",
      "Wat zag je, en wat viel je op?",
      "Wat neem je mee naar je eigen spreekuur?",
    ],
  },
};

export const ILP_BESPREKING_FORM: SubformTemplate = {
  agenda: [
    review,
    { title: "Stand van het individueel leerprogramma (ILP)", timeboxMinutes: 10 },
    { title: "Leerdoelen bijstellen of toevoegen", timeboxMinutes: 15 },
    { title: "Hoe en waar de doelen te halen", timeboxMinutes: 10 },
    closing,
  ],
  section: {
    heading: "ILP-bespreking",
    questions: [
      "Welke leerdoelen heb je gehaald?",
      "Welke doelen wil je bijstellen of toevoegen?",
      "Hoe en waar ga je ze halen?",
      "Welke doelen kun je in deze praktijk niet halen?",
    ],
  },
};

export const VAARDIGHEDEN_OEFENEN_FORM: SubformTemplate = {
  agenda: [
    review,
    { title: "Welke vaardigheid, en waarom nu", timeboxMinutes: 5 },
    { title: "Voordoen en oefenen", timeboxMinutes: 20 },
    { title: "Feedback", timeboxMinutes: 10 },
    closing,
  ],
  section: {
    heading: "Vaardigheden oefenen",
    questions: [
      "Welke vaardigheid wil je oefenen, en waarom nu?",
      "Wat gaat al goed, en wat nog niet?",
      "Wanneer pas je dit toe bij een patiënt?",
    ],
  },
};

export const LIJN_MODULEONDERWIJS_FORM: SubformTemplate = {
  agenda: [
    review,
    { title: "De opdracht uit het lijn- of moduleonderwijs", timeboxMinutes: 10 },
    { title: "Toepassen in deze praktijk", timeboxMinutes: 20 },
    { title: "Wat gaat mee terug naar de terugkomdag", timeboxMinutes: 5 },
    closing,
  ],
  section: {
    heading: "Lijn- en moduleonderwijs",
    questions: [
      "Wat vraagt de opdracht van je?",
      "Hoe pas je dit toe bij patiënten in deze praktijk?",
      "Wat neem je mee terug naar de terugkomdag?",
    ],
  },
};

export const PERSOONSGERICHT_TEMPLATE: MeetingTemplate = {
  agenda: [
    review,
    { title: "De situatie: wat gebeurde er, en wat deed het met je?", timeboxMinutes: 15 },
    { title: "Analyse: waarom was dit lastig?", timeboxMinutes: 10 },
    { title: "Oplossingen zoeken en er een kiezen", timeboxMinutes: 10 },
    { title: "Afspraak: wanneer komen we hierop terug?", timeboxMinutes: 5 },
  ],
  questionBank: PERSOONSGERICHT_BANK,
  // The seed: to see whether a solution works, they agree when to come back to it.
  minimumAgreements: 1,
};

export const TAAKGERICHT_TEMPLATE: MeetingTemplate = {
  agenda: [
    review,
    { title: "Consult of casus van de aios", timeboxMinutes: 10 },
    { title: "Reflectie op het eigen handelen", timeboxMinutes: 15 },
    { title: "Kennis en beleid: de opleider vult aan", timeboxMinutes: 10 },
    closing,
  ],
  questionBank: { title: "Vragen voor het taakgericht leergesprek", sections: [TAAK_COACHING] },
  minimumAgreements: 0,
};

export const PROCESGERICHT_TEMPLATE: MeetingTemplate = {
  agenda: [
    { title: `Aios: ${PROCES_POINTS_PER_SIDE} dingen die goed gaan en ${PROCES_POINTS_PER_SIDE} verbeterpunten`, timeboxMinutes: 10 },
    { title: `Opleider: ${PROCES_POINTS_PER_SIDE} dingen die goed gaan en ${PROCES_POINTS_PER_SIDE} verbeterpunten`, timeboxMinutes: 10 },
    { title: "Analyse: wat gaat goed en waarom, wat kan beter en waarom", timeboxMinutes: 15 },
    { title: "Actiepunt op ten minste één verbeterpunt, met plan van aanpak", timeboxMinutes: 5 },
    closing,
  ],
  questionBank: PROCESGERICHT_BANK,
  // The seed: a procesgericht leergesprek ends in at least one action point.
  minimumAgreements: 1,
};

export const VOORTGANG_TEMPLATE: MeetingTemplate = {
  agenda: [
    // The seed: "Help de aios om van ervaring naar leerdoel en plan te komen"; the goals come first,
    // each goal due for evaluation gets its own item after this one (evaluateGoalsFirst).
    { title: GOALS_FIRST_ITEM_TITLE, timeboxMinutes: 10 },
    { title: "Doel en agenda van dit gesprek (aios)", timeboxMinutes: 5 },
    { title: "Terugblik: wat is bereikt, waar loop je tegenaan?", timeboxMinutes: 10 },
    { title: "Feedback op de voortgang, het leerproces en de plannen", timeboxMinutes: 10 },
    { title: "Ambities en beroepsbeeld", timeboxMinutes: 5 },
    { title: "Leerdoelen en plan voor de komende periode", timeboxMinutes: 10 },
    { title: "Afspraken; de aios schrijft het verslag", timeboxMinutes: 5 },
  ],
  questionBank: VOORTGANG_BANK,
  minimumAgreements: 1,
  evaluateGoalsFirst: true,
};

/** How template texts are compared: trimmed, lower case, single spaces. */
export function normalizeTemplateText(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, " ");
}

/** A fresh stable id for a node (the server follows agenda items and agreements by it). */
export function newNodeId(): string {
  // randomUUID exists only in secure contexts; a page served over plain http on a practice
  // network has getRandomValues alone, so build the same v4 UUID from it there.
  if (typeof globalThis.crypto.randomUUID === "function") return globalThis.crypto.randomUUID();
  const b = globalThis.crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** agendaItem nodes for the `agenda` field, each with a fresh id, proposed by `proposedBy`. */
export function buildAgendaItems(
  items: readonly AgendaTemplateItem[],
  proposedBy: Proposer,
  newId: () => string = newNodeId,
): JSONContent[] {
  return items.map((item) => ({
    type: "agendaItem",
    attrs: { id: newId(), timeboxMinutes: item.timeboxMinutes, proposedBy, done: false, ...(item.goalId ? { goalId: item.goalId } : {}) },
    content: item.title ? [{ type: "text", text: item.title }] : [],
  }));
}

/** A whole `agenda` document: the template's items, proposed by `proposedBy`. */
export function buildAgendaDoc(items: readonly AgendaTemplateItem[], proposedBy: Proposer, newId?: () => string): JSONContent {
  return { type: "doc", content: buildAgendaItems(items, proposedBy, newId) };
}

/** A question bank as notes content: a heading, then per section a smaller heading and a bullet list. */
export function buildQuestionBankContent(bank: QuestionBank): JSONContent[] {
  return [
    heading(2, bank.title),
    ...bank.sections.flatMap((section) => [heading(3, section.heading), bulletList(section.questions)]),
  ];
}

/**
 * The procesgericht fill-in for the notes: per side, 3 empty bullets for what goes well and
 * 3 for what can be better, then a place for the action point (which becomes an agreement).
 */
export function buildProcesRoundContent(): JSONContent[] {
  const blanks = Array.from({ length: PROCES_POINTS_PER_SIDE }, () => "");
  return [
    heading(2, PROCES_ROUND.goed),
    heading(3, PROCES_ROUND.aios),
    bulletList(blanks),
    heading(3, PROCES_ROUND.opleider),
    bulletList(blanks),
    heading(2, PROCES_ROUND.beter),
    heading(3, PROCES_ROUND.aios),
    bulletList(blanks),
    heading(3, PROCES_ROUND.opleider),
    bulletList(blanks),
    heading(2, PROCES_ROUND.action),
    paragraph(PROCES_ROUND.actionHint),
  ];
}

function heading(level: 2 | 3, text: string): JSONContent {
  return { type: "heading", attrs: { level }, content: [{ type: "text", text }] };
}

function paragraph(text: string): JSONContent {
  // ProseMirror refuses empty text nodes: an empty paragraph has no content.
  return text ? { type: "paragraph", content: [{ type: "text", text }] } : { type: "paragraph" };
}

function bulletList(lines: readonly string[]): JSONContent {
  return { type: "bulletList", content: lines.map((line) => ({ type: "listItem", content: [paragraph(line)] })) };
}
