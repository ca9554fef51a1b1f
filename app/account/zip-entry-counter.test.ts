import { describe, expect, it } from "vitest";
import { Zip, ZipDeflate, ZipPassThrough } from "fflate";
import { ZipEntryCounter } from "./zip-entry-counter";

function zipOf(files: Array<[string, Uint8Array]>): Uint8Array {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  for (const [name, data] of files) {
    const file = name.endsWith(".pdf") ? new ZipPassThrough(name) : new ZipDeflate(name);
    zip.add(file);
    file.push(data, true);
  }
  zip.end();
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

describe("ZipEntryCounter (the export's progress)", () => {
  const files: Array<[string, Uint8Array]> = [
    ["LEESMIJ.txt", new TextEncoder().encode("hallo\n".repeat(50))],
    ["verslagen/2026-11-24-taakgericht.pdf", crypto.getRandomValues(new Uint8Array(40_000))],
    ["verslagen/2026-11-24-taakgericht.md", new TextEncoder().encode("# Verslag\n".repeat(400))],
    ["prive-notities/2026-11-24-taakgericht.md", new TextEncoder().encode("privé")],
  ];
  const zip = zipOf(files);

  it("counts every file once, whatever the chunk sizes", () => {
    for (const size of [1, 7, 29, 31, 1000, 65_536]) {
      const counter = new ZipEntryCounter();
      let count = 0;
      for (let i = 0; i < zip.length; i += size) count = counter.push(zip.subarray(i, i + size));
      expect(count, `chunks of ${size}`).toBe(files.length);
      expect(counter.names).toEqual(files.map(([name]) => name));
    }
  });

  it("counts a file as soon as its header has arrived", () => {
    const counter = new ZipEntryCounter();
    expect(counter.push(zip.subarray(0, 30 + "LEESMIJ.txt".length))).toBe(1);
  });
});
