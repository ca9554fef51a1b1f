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
  const result = computeNorms(meetings, DEFAULT_NORM_SETTINGS, new Date("2025-03-18T12:00:00+01:00"), "2025-03-03", []);
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

  it("never shows a passed date as next due, and names meetings held but shorter than the minimum (issue #12.7)", () => {
    const html = render();
    const item = (norm: string) => html.match(new RegExp(`<li[^>]*data-norm="${norm}".*?</li>`))![0];
    // Taakgericht was due by Sunday 16 March: on the 18th it is late since the 17th, not "next" on the 16th.
    expect(item("taakgericht")).toContain("Te laat sinds ma 17 mrt");
    expect(html).not.toContain("Volgende uiterlijk zo 16 mrt");
    // The weekly norm is behind, but its next date (this Sunday) is still ahead.
    expect(item("weekly")).toContain("Volgende uiterlijk zo 23 mrt");

    const onlyShort = computeNorms(
      [meeting("procesgericht", "2025-03-12T13:00:00+01:00", 20), meeting("procesgericht", "2025-03-17T13:00:00+01:00", 30), meeting("taakgericht", "2025-03-17T15:00:00+01:00", 25)],
      DEFAULT_NORM_SETTINGS,
      new Date("2025-03-18T12:00:00+01:00"),
      "2025-03-03",
      [],
    );
    const short = renderToStaticMarkup(createElement(I18nextProvider, { i18n: createI18n("nl") }, createElement(NormsPanel, { result: onlyShort })));
    expect(short).toContain("Nog geen van 45 minuten: 2 keer korter dan 45 minuten gehouden (laatst ma 17 mrt)");
    expect(short).toContain("Deze week 0 van 3 (en 2 korter dan 45 minuten, tellen niet mee)");
    expect(short.match(/<li[^>]*data-norm="procesgericht".*?<\/li>/)![0]).not.toContain("Nog niet gehouden");
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
