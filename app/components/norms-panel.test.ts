import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createI18n, type Language } from "../i18n/i18n";
import { computeNorms, type NormMeeting } from "../norms/norms";
import { DEFAULT_NORM_SETTINGS } from "../norms/settings";
import { NormsPanel } from "./norms-panel";

const meeting = (kind: NormMeeting["kind"], start: string, minutes: number): NormMeeting => ({
  kind,
  started_at: new Date(start).toISOString(),
  ended_at: new Date(Date.parse(start) + minutes * 60_000).toISOString(),
});

function render(language: Language = "nl"): string {
  const meetings = [
    meeting("taakgericht", "2025-03-03T13:00:00+01:00", 60),
    meeting("persoonsgericht", "2025-03-04T13:00:00+01:00", 60),
    meeting("taakgericht", "2025-03-05T13:00:00+01:00", 60),
    meeting("taakgericht", "2025-03-11T13:00:00+01:00", 30),
  ];
  const result = computeNorms(meetings, DEFAULT_NORM_SETTINGS, new Date("2025-03-18T12:00:00+01:00"), "2025-03-03");
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n: createI18n(language) }, createElement(NormsPanel, { result })));
}

describe("NormsPanel", () => {
  it("lists each norm with its status, since when and next due date, in Dutch", () => {
    const html = render();
    expect(html).toContain("Minstens 3 leergesprekken van 45 minuten per week");
    expect(html).toContain("Taakgericht leergesprek minstens 1× per week");
    expect(html).toContain("Persoonsgericht leergesprek minstens 1× per 3 weken");
    expect(html).toContain("Procesgericht leergesprek minstens 1× per 6 weken");
    expect(html).toContain(">Op schema<");
    expect(html).toContain(">Achter<"); // the week of 10 March had one short meeting only
    expect(html).toContain("sinds ma 17 mrt");
    expect(html).toContain("Volgende uiterlijk zo 23 mrt");
    expect(html).toContain("Laatst: di 4 mrt");
    expect(html).toContain("Deze week 0 van 3");
  });

  it("gives the chart a text alternative and a table of the weeks", () => {
    const html = render();
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby=/);
    expect(html).toContain("In 1 van de 2 afgeronde weken minstens 3 leergesprekken van 45 minuten; deze week tot nu toe 0.");
    expect(html).toContain("week 12 (deze week)");
  });

  it("speaks English when chosen", () => {
    expect(render("en")).toContain("At least 3 learning conversations of 45 minutes a week");
  });
});
