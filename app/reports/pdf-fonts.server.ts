import fs from "node:fs";
import zlib from "node:zlib";
import { createRequire } from "node:module";
import * as fontkit from "fontkit";

// The PDF's fonts: DejaVu Sans (regular and bold) from @fontsource/dejavu-sans, which ships
// the whole font (Latin-ext, Greek, Cyrillic, symbols) as WOFF. fontkit reads WOFF, but
// subsetting straight from it costs ~1.5 s per PDF (the tables are inflated again for every
// glyph); unpacked once into a plain TrueType file and parsed once, a report takes ~50 ms.

const require = createRequire(import.meta.url);

/** A parsed font pdfkit can embed (anything with fontkit's `layout`). */
export type PdfFont = fontkit.Font;

let loaded: { regular: PdfFont; bold: PdfFont } | null = null;

/** The report fonts, read and parsed on first use and kept for the life of the process. */
export function reportFonts(): { regular: PdfFont; bold: PdfFont } {
  loaded ??= {
    regular: openWoff("@fontsource/dejavu-sans/files/dejavu-sans-latin-400-normal.woff"),
    bold: openWoff("@fontsource/dejavu-sans/files/dejavu-sans-latin-700-normal.woff"),
  };
  return loaded;
}

function openWoff(specifier: string): PdfFont {
  const font = fontkit.create(woffToSfnt(fs.readFileSync(require.resolve(specifier))));
  if (!("layout" in font)) throw new Error(`${specifier} is a font collection, not one font`);
  return font;
}

/** Unpacks a WOFF 1.0 file into the TrueType/OpenType file it wraps (every table inflated). */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) throw new Error("not a WOFF file");
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: Array<{ tag: number; checksum: number; data: Buffer }> = [];
  for (let i = 0; i < numTables; i++) {
    const entry = 44 + i * 20;
    const offset = woff.readUInt32BE(entry + 4);
    const compLength = woff.readUInt32BE(entry + 8);
    const origLength = woff.readUInt32BE(entry + 12);
    const raw = woff.subarray(offset, offset + compLength);
    tables.push({ tag: woff.readUInt32BE(entry), checksum: woff.readUInt32BE(entry + 16), data: compLength < origLength ? zlib.inflateSync(raw) : Buffer.from(raw) });
  }
  let searchRange = 1;
  let entrySelector = 0;
  while (searchRange * 2 <= numTables) {
    searchRange *= 2;
    entrySelector++;
  }
  const header = Buffer.alloc(12 + numTables * 16);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(searchRange * 16, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(numTables * 16 - searchRange * 16, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((table, i) => {
    const record = 12 + i * 16;
    header.writeUInt32BE(table.tag, record);
    header.writeUInt32BE(table.checksum, record + 4);
    header.writeUInt32BE(offset, record + 8);
    header.writeUInt32BE(table.data.length, record + 12);
    const padded = Buffer.alloc((table.data.length + 3) & ~3);
    table.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}
