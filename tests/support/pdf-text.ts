import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

/** Parses a PDF with PDF.js (what Firefox shows PDFs with): its page count and each page's text. */
export async function readPdf(bytes: Uint8Array): Promise<{ pages: number; text: string[]; title: string | null }> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const text: string[] = [];
    for (let i = 1; i <= pdf.numPages; i++) {
      const content = await (await pdf.getPage(i)).getTextContent();
      text.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" ").replace(/\s+/g, " "));
    }
    const info = (await pdf.getMetadata()).info as { Title?: string };
    return { pages: pdf.numPages, text, title: info.Title ?? null };
  } finally {
    await pdf.destroy();
  }
}
