import PDFDocument from "pdfkit";
import { reportFonts } from "./pdf-fonts.server";
import type { TextBlock } from "../editor/read-fields";
import type { ReportView } from "./report-view";

// The report (verslag) as a real PDF, made on the server with pdfkit from the report's one
// document model (report-view.ts): A4, the header facts, what was discussed, the agreements,
// when it was submitted and confirmed, page numbers. The text is set in DejaVu Sans (embedded,
// subset), which covers Dutch and every European name (Ş, Ł, Ő …), Greek and Cyrillic; the
// PDF standard fonts would only cover Latin-1. Everything from the document is plain text.

const INK = "#1f2933";
const MUTED = "#52606d";
const RULE = "#cbd2d9";
const ACCENT = "#0b5c73";
const MARGIN = { top: 56, bottom: 64, left: 60, right: 60 };

/** Options for one PDF: when it was made (the footer and the document info) and its footer text. */
export interface ReportPdfOptions {
  /** The footer's first half, e.g. "Gemaakt met Koers op 2 december 2026". */
  footer: string;
  /** Turns page numbers into text, e.g. (1, 3) → "Pagina 1 van 3". */
  pageLabel: (page: number, pages: number) => string;
  createdAt: Date;
}

/** Renders the report as a PDF file. */
export function reportPdf(view: ReportView, options: ReportPdfOptions): Promise<Buffer> {
  const { regular, bold } = reportFonts();
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    bufferPages: true,
    lang: view.language === "en" ? "en-GB" : "nl-NL",
    displayTitle: true,
    info: { Title: view.title, Author: "Koers", Subject: view.subtitle ?? view.title, Creator: "Koers", CreationDate: options.createdAt, ModDate: options.createdAt },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  // pdfkit's types say src is a path or buffer; it takes a parsed fontkit font as well (and then parses nothing).
  doc.registerFont("body", regular as unknown as Buffer);
  doc.registerFont("bold", bold as unknown as Buffer);
  const width = doc.page.width - MARGIN.left - MARGIN.right;

  // Title and the meeting's own title.
  doc.font("bold").fontSize(18).fillColor(ACCENT).text(view.title, { width });
  if (view.subtitle) doc.moveDown(0.2).font("body").fontSize(13).fillColor(INK).text(view.subtitle, { width });
  doc.moveDown(0.8);

  // The facts as a two-column table.
  factsTable(doc, view.facts, width);
  doc.moveDown(0.6);
  rule(doc, width);

  heading(doc, view.discussedHeading, 14, width);
  if (view.discussion.kind === "report") blocks(doc, view.discussion.blocks, width);
  else if (view.discussion.sections.length === 0) muted(doc, view.nothingRecorded, width);
  else {
    for (const section of view.discussion.sections) {
      ensureRoom(doc, 60);
      const title = `${section.number === null ? "" : `${section.number}. `}${section.title}${section.done ? " ✓" : ""}`;
      doc.moveDown(0.4).font("bold").fontSize(11.5).fillColor(INK).text(title, { width });
      doc.moveDown(0.2);
      if (section.blocks.length) blocks(doc, section.blocks, width);
      else muted(doc, section.empty, width);
    }
  }

  doc.moveDown(0.6);
  heading(doc, view.agreementsHeading, 14, width);
  if (view.agreements.length === 0) muted(doc, view.noAgreements, width);
  for (const a of view.agreements) {
    ensureRoom(doc, 40);
    const y = doc.y;
    doc.font("body").fontSize(10.5).fillColor(INK).text("•", MARGIN.left, y, { width: 12 });
    doc.font("bold").fontSize(10.5).text(a.text, MARGIN.left + 14, y, { width: width - 14 });
    doc.font("body").fontSize(9.5).fillColor(MUTED).text(a.details.join("  ·  "), MARGIN.left + 14, doc.y + 1, { width: width - 14 });
    doc.x = MARGIN.left;
    doc.moveDown(0.5);
  }

  if (view.feedback.length) {
    doc.moveDown(0.6);
    heading(doc, view.feedbackHeading, 14, width);
    for (const form of view.feedback) {
      ensureRoom(doc, 80);
      doc.moveDown(0.3).font("bold").fontSize(11.5).fillColor(INK).text(form.title, MARGIN.left, doc.y, { width });
      doc.moveDown(0.3);
      factsTable(doc, form.lines, width);
      doc.moveDown(0.4);
    }
  }

  if (view.confirmation.length) {
    doc.moveDown(0.6);
    ensureRoom(doc, 70);
    rule(doc, width);
    heading(doc, view.confirmationHeading, 12, width);
    factsTable(doc, view.confirmation, width);
  }

  // Footer on every page: what made it, and the page number.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - MARGIN.bottom + 24;
    // Writing below the bottom margin would add a page: lift the margin for the footer.
    doc.page.margins.bottom = 0;
    doc.font("body").fontSize(8.5).fillColor(MUTED);
    doc.text(options.footer, MARGIN.left, y, { width: width * 0.75, lineBreak: false });
    doc.text(options.pageLabel(i - range.start + 1, range.count), MARGIN.left + width * 0.75, y, { width: width * 0.25, align: "right", lineBreak: false });
    doc.page.margins.bottom = MARGIN.bottom;
  }
  doc.end();
  return done;
}

function factsTable(doc: PDFKit.PDFDocument, facts: Array<{ label: string; value: string }>, width: number): void {
  const labelWidth = 150;
  for (const fact of facts) {
    // Measured in the font each column is set in (bold labels run longer).
    const labelHeight = doc.font("bold").fontSize(10.5).heightOfString(fact.label, { width: labelWidth });
    const height = Math.max(labelHeight, doc.font("body").fontSize(10.5).heightOfString(fact.value, { width: width - labelWidth - 10 }));
    ensureRoom(doc, height + 4);
    const y = doc.y;
    doc.font("bold").fillColor(MUTED).text(fact.label, MARGIN.left, y, { width: labelWidth });
    doc.font("body").fillColor(INK).text(fact.value, MARGIN.left + labelWidth + 10, y, { width: width - labelWidth - 10 });
    doc.x = MARGIN.left;
    doc.y = y + height + 4;
  }
}

function heading(doc: PDFKit.PDFDocument, text: string, size: number, width: number): void {
  ensureRoom(doc, 50);
  doc.moveDown(0.5).font("bold").fontSize(size).fillColor(ACCENT).text(text, MARGIN.left, doc.y, { width });
  doc.moveDown(0.3);
}

function muted(doc: PDFKit.PDFDocument, text: string, width: number): void {
  doc.font("body").fontSize(10.5).fillColor(MUTED).text(text, MARGIN.left, doc.y, { width });
  doc.moveDown(0.3);
}

/** Text blocks: headings bold, list items as bullets, paragraphs apart. */
function blocks(doc: PDFKit.PDFDocument, list: TextBlock[], width: number): void {
  for (const block of list) {
    if (block.kind === "heading") {
      ensureRoom(doc, 40);
      doc.moveDown(0.3).font("bold").fontSize(11).fillColor(INK).text(block.text, MARGIN.left, doc.y, { width });
      doc.moveDown(0.15);
    } else if (block.kind === "listItem") {
      const y = doc.y;
      doc.font("body").fontSize(10.5).fillColor(INK).text("•", MARGIN.left + 4, y, { width: 12 });
      doc.text(block.text, MARGIN.left + 18, y, { width: width - 18 });
      doc.x = MARGIN.left;
      doc.moveDown(0.15);
    } else {
      doc.font("body").fontSize(10.5).fillColor(INK).text(block.text, MARGIN.left, doc.y, { width });
      doc.moveDown(0.4);
    }
  }
}

function rule(doc: PDFKit.PDFDocument, width: number): void {
  const y = doc.y;
  doc.moveTo(MARGIN.left, y).lineTo(MARGIN.left + width, y).lineWidth(0.6).strokeColor(RULE).stroke();
  doc.y = y + 6;
}

/** Starts a new page when less than `height` points are left, so a heading never ends a page. */
function ensureRoom(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN.bottom) doc.addPage();
}
