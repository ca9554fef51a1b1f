import { describe, expect, it } from "vitest";
import { koersSchema } from "../editor/extensions";
import { PROPOSERS } from "../editor/agenda-item";
import { MEETING_KINDS, TAAK_SUBKINDS, isValidSubkind, meetingKindWithSubkindSchema, meetingTemplate, type MeetingKind, type TaakSubkind } from "./kinds";
import {
  PROCES_POINTS_PER_SIDE,
  buildAgendaDoc,
  buildProcesRoundContent,
  buildQuestionBankContent,
  newNodeId,
} from "./templates";
import { nl } from "../i18n/nl";
import { en } from "../i18n/en";

/** Every (kind, subkind) a meeting can have: each kind bare, and taakgericht with each sub-form. */
const VARIANTS: [MeetingKind, TaakSubkind | null][] = [
  ...MEETING_KINDS.map((k): [MeetingKind, null] => [k, null]),
  ...TAAK_SUBKINDS.map((s): [MeetingKind, TaakSubkind] => ["taakgericht", s]),
];

function checkDoc(content: unknown) {
  const node = koersSchema().nodeFromJSON(content);
  node.check(); // throws when the content does not fit the shared schema
  return node;
}

const questionCount = (kind: MeetingKind, subkind: TaakSubkind | null = null) =>
  meetingTemplate(kind, subkind).questionBank.sections.reduce((n, s) => n + s.questions.length, 0);

describe("meeting kinds", () => {
  it("allows subkinds only on taakgericht", () => {
    expect(isValidSubkind("taakgericht", "ilp-bespreking")).toBe(true);
    expect(isValidSubkind("taakgericht", "vaardigheden-oefenen")).toBe(true);
    expect(isValidSubkind("taakgericht", null)).toBe(true);
    expect(isValidSubkind("voortgang", "consultbespreking")).toBe(false);
    expect(isValidSubkind("taakgericht", "onbekend")).toBe(false);
    for (const kind of MEETING_KINDS) expect(isValidSubkind(kind, undefined)).toBe(true);
  });

  it("checks kind and subkind together with zod", () => {
    expect(meetingKindWithSubkindSchema.parse({ kind: "taakgericht", subkind: "lijn-moduleonderwijs" })).toEqual({
      kind: "taakgericht",
      subkind: "lijn-moduleonderwijs",
    });
    expect(meetingKindWithSubkindSchema.parse({ kind: "voortgang" })).toEqual({ kind: "voortgang", subkind: null });
    expect(meetingKindWithSubkindSchema.safeParse({ kind: "procesgericht", subkind: "observatie" }).success).toBe(false);
    expect(meetingKindWithSubkindSchema.safeParse({ kind: "intervisie" }).success).toBe(false);
  });

  it("has a Dutch and an English label for every kind and subkind", () => {
    for (const kind of MEETING_KINDS) {
      expect(nl.meetingKinds[kind]).toBeTruthy();
      expect(en.meetingKinds[kind]).toBeTruthy();
    }
    for (const subkind of TAAK_SUBKINDS) {
      expect(nl.taakSubkinds[subkind]).toBeTruthy();
      expect(en.taakSubkinds[subkind]).toBeTruthy();
    }
  });
});

describe("meeting templates", () => {
  it.each(VARIANTS)("%s %s has an agenda and a question bank that fit the shared schema", (kind, subkind) => {
    const template = meetingTemplate(kind, subkind);
    expect(template.agenda.length).toBeGreaterThan(0);
    expect(template.questionBank.sections.length).toBeGreaterThan(0);
    for (const section of template.questionBank.sections) expect(section.questions.length).toBeGreaterThan(0);

    for (const role of PROPOSERS) {
      const agenda = checkDoc(buildAgendaDoc(template.agenda, role));
      expect(agenda.childCount).toBe(template.agenda.length);
      agenda.forEach((item, _offset, i) => {
        expect(item.type.name).toBe("agendaItem");
        expect(item.attrs.proposedBy).toBe(role);
        expect(item.attrs.timeboxMinutes).toBe(template.agenda[i]!.timeboxMinutes);
        expect(item.textContent).toBe(template.agenda[i]!.title);
      });
    }
    checkDoc({ type: "doc", content: buildQuestionBankContent(template.questionBank) });
  });

  it("gives every agenda item a fresh id and a valid time box", () => {
    const items = buildAgendaDoc(meetingTemplate("voortgang").agenda, "aios").content!;
    const ids = items.map((i) => i.attrs!.id as string);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const again = buildAgendaDoc(meetingTemplate("voortgang").agenda, "aios").content!.map((i) => i.attrs!.id);
    expect(again.some((id) => ids.includes(id as string))).toBe(false);
    for (const [kind, subkind] of VARIANTS)
      for (const item of meetingTemplate(kind, subkind).agenda) {
        expect(Number.isInteger(item.timeboxMinutes)).toBe(true);
        expect(item.timeboxMinutes).toBeGreaterThanOrEqual(1);
        expect(item.timeboxMinutes).toBeLessThanOrEqual(240);
      }
  });

  it("plans a leergesprek of at least 45 minutes, except the short consultatie", () => {
    const minutes = (kind: MeetingKind, subkind: TaakSubkind | null) =>
      meetingTemplate(kind, subkind).agenda.reduce((n, i) => n + (i.timeboxMinutes ?? 0), 0);
    for (const [kind, subkind] of VARIANTS) {
      if (subkind === "consultatie") expect(minutes(kind, subkind)).toBeLessThanOrEqual(15);
      else expect(minutes(kind, subkind)).toBeGreaterThanOrEqual(45);
    }
  });

  it("makes v4 UUIDs also where crypto.randomUUID is missing (plain http)", () => {
    const original = globalThis.crypto.randomUUID;
    try {
      Object.defineProperty(globalThis.crypto, "randomUUID", { value: undefined, configurable: true });
      expect(newNodeId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      Object.defineProperty(globalThis.crypto, "randomUUID", { value: original, configurable: true });
    }
    expect(newNodeId()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("uses a given id generator", () => {
    let n = 0;
    const doc = buildAgendaDoc([{ title: "Vorige afspraken", timeboxMinutes: null }], "opleider", () => `i${++n}`);
    expect(doc.content![0]!.attrs).toEqual({ id: "i1", timeboxMinutes: null, proposedBy: "opleider", done: false });
  });

  it("the voortgang bank holds the 20 questions", () => {
    expect(questionCount("voortgang")).toBe(20);
  });

  it("the persoonsgericht bank reflects first, then looks for solutions", () => {
    const headings = meetingTemplate("persoonsgericht").questionBank.sections.map((s) => s.heading);
    expect(headings[0]).toMatch(/^Reflectie/);
    expect(headings[1]).toMatch(/^Oplossingsgericht/);
  });

  it("a taakgericht sub-form adds its own prompts to the shared coaching questions", () => {
    const coaching = questionCount("taakgericht");
    for (const subkind of TAAK_SUBKINDS) {
      expect(questionCount("taakgericht", subkind)).toBeGreaterThan(coaching);
      expect(meetingTemplate("taakgericht", subkind).questionBank.sections.at(-1)!.heading).toBe("Coachende vragen");
    }
    // A subkind on another kind changes nothing.
    expect(meetingTemplate("voortgang", "observatie")).toBe(meetingTemplate("voortgang"));
  });

  it("procesgericht: each side brings 3 going well and 3 to improve, and it ends in an action point", () => {
    const template = meetingTemplate("procesgericht");
    expect(PROCES_POINTS_PER_SIDE).toBe(3);
    const [aios, opleider] = template.agenda;
    expect(aios!.title).toMatch(/^Aios: 3 .* en 3 /);
    expect(opleider!.title).toMatch(/^Opleider: 3 .* en 3 /);
    expect(template.agenda.some((i) => /actiepunt/i.test(i.title))).toBe(true);
    expect(template.minimumAgreements).toBeGreaterThanOrEqual(1);

    const sections = template.questionBank.sections;
    expect(sections.at(-1)!.heading).toBe("Actiepunt");
    expect(sections.at(-1)!.questions.some((q) => /ten minste één actiepunt/.test(q))).toBe(true);

    const round = checkDoc({ type: "doc", content: buildProcesRoundContent() });
    const lists: number[] = [];
    round.forEach((node) => {
      if (node.type.name === "bulletList") lists.push(node.childCount);
    });
    // goed: aios, opleider; beter: aios, opleider
    expect(lists).toEqual([3, 3, 3, 3]);
    expect(round.lastChild!.textContent).toMatch(/actiepunt/);
  });
});
