import { describe, expect, it } from "vitest";
import { readPdf } from "../../tests/support/pdf-text";
import { reportPdf } from "./report-pdf.server";
import { reportView } from "./report-view";
import type { ReportData } from "./report-data";
import { consultFeedback } from "./report-test-data";

const data: ReportData = {
  meeting: { id: "m", kind: "taakgericht", subkind: "consultbespreking", title: null, scheduledAt: "2026-11-24T13:00", startedAt: null, endedAt: null },
  pair: { practiceName: "Praktijk De Linde", trainingYear: 2 },
  participants: { aios: "Şebnem Yılmaz", opleider: "Dr. Łukasz Nowak" },
  content: {
    agenda: [],
    notes: [],
    agreements: [{ id: "a", text: "Eerst samenvatten, dan beleid", owner: "aios", followUpDate: "2026-12-08", status: "open", goalId: null }],
    report: [{ kind: "paragraph", text: "Consult over COPD besproken." }],
    consultFeedback: [consultFeedback],
  },
  discussion: [],
  status: "bevestigd",
  submittedAt: "2026-11-24T14:00:00Z",
  confirmedAt: "2026-11-25T09:00:00Z",
};

const options = { footer: "Gemaakt met Koers", pageLabel: (page: number, pages: number) => `Pagina ${page} van ${pages}`, createdAt: new Date("2026-12-01T10:00:00Z") };

describe("the report as a PDF", () => {
  it("holds what the Markdown holds: the names, the agreements and the consult feedback", async () => {
    const pdf = await readPdf(await reportPdf(reportView(data), options));
    const text = pdf.text.join(" ");
    expect(text).toContain("Şebnem Yılmaz");
    expect(text).toContain("Eerst samenvatten, dan beleid");
    expect(text).toContain("Feedback op consultopnames");
    expect(text).toContain("Consult van vrijdag 20 november 2026 — man, 54, hoest drie weken");
    expect(text).toContain("Hoe rond ik af zonder uitloop?");
    expect(text).toContain("Matig — Samenvatting ontbrak");
    expect(text).toContain("Goed contact");
    expect(text).not.toContain("Introductie");
  });

  it("leaves the feedback section out when there is none", async () => {
    const pdf = await readPdf(await reportPdf(reportView({ ...data, content: { ...data.content, consultFeedback: [] } }), options));
    expect(pdf.text.join(" ")).not.toContain("consultopnames");
  });
});
