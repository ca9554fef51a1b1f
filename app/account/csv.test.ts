import { describe, expect, it } from "vitest";
import { csvField, toCsv } from "./csv";

describe("CSV of the export", () => {
  it("quotes separators, quotes and line breaks", () => {
    expect(csvField('Lees "NHG"; samenvatten')).toBe('"Lees ""NHG""; samenvatten"');
    expect(csvField("regel 1\nregel 2")).toBe('"regel 1\nregel 2"');
    expect(csvField(null)).toBe("");
    expect(csvField(3)).toBe("3");
  });

  it("never lets a spreadsheet run an agreement's text as a formula", () => {
    for (const text of ["=HYPERLINK(\"https://evil.example\")", "+31 6", "-1", "@SUM(A1)"]) expect(csvField(text).replace(/^"/, "").startsWith("'")).toBe(true);
  });

  it("starts with a byte-order mark and ends rows with CRLF", () => {
    expect(toCsv(["a", "b"], [["1", "2"]])).toBe("\uFEFFa;b\r\n1;2\r\n");
  });
});
