// CSV for the export, the way a Dutch spreadsheet opens it with a double click: UTF-8 with a
// byte-order mark, `;` between fields (Excel in Dutch expects it), CRLF line ends, quotes
// where needed (RFC 4180). A value that a spreadsheet would read as a formula (= + - @, tab,
// carriage return at the start) gets a leading apostrophe, so an agreement's text can never
// run as a formula on someone's computer.

const FORMULA_START = /^[=+\-@\t\r]/;

/** One field as CSV. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV file: a header row and the rows. */
export function toCsv(header: string[], rows: Array<Array<string | number | null | undefined>>): string {
  return "\uFEFF" + [header, ...rows].map((row) => row.map(csvField).join(";")).join("\r\n") + "\r\n";
}
