// Obvious ways a free text can identify a patient (issue #17: the consult's description "must
// not identify the patient — the form refuses obvious identifiers such as a BSN or a date of
// birth"). Deliberately narrow: it catches what a person types without thinking (a BSN that
// passes the 11-proef, a full date with a year, a phone number, a postcode with house number,
// an e-mail address, a name after "mevrouw"/"meneer"); an age ("man, 54") or a month passes.
// Pure, shared by the browser and the server (the server decides).

export type IdentifierKind = "bsn" | "dateOfBirth" | "phone" | "postcode" | "email" | "name";

/** The first identifier found: what it is and the text that matched. */
export interface FoundIdentifier {
  kind: IdentifierKind;
  found: string;
}

/** The 11-proef of a Dutch BSN: 9 digits, 9·d1 + 8·d2 + … + 2·d8 − 1·d9 divisible by 11 (and not 0). */
export function passesElfProef(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(digits[i]);
  sum -= Number(digits[8]);
  return sum !== 0 && sum % 11 === 0;
}

const MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec|january|february|march|may|june|july|august|october";

const PATTERNS: ReadonlyArray<{ kind: IdentifierKind; pattern: RegExp; accept?: (match: string) => boolean }> = [
  // 9 digits, possibly written in groups (123.456.782 or 123 45 6782), that pass the 11-proef.
  { kind: "bsn", pattern: /(?<!\d)\d(?:[ .-]?\d){8}(?!\d)/g, accept: (m) => passesElfProef(m.replace(/\D/g, "")) },
  // A full date with a year: 12-03-1954, 12/3/54, 1954-03-12, 12 maart 1954.
  { kind: "dateOfBirth", pattern: /(?<!\d)(?:\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})(?!\d)/g },
  { kind: "dateOfBirth", pattern: new RegExp(`(?<!\\d)\\d{1,2}\\s+(?:${MONTHS})\\.?\\s+\\d{4}(?!\\d)`, "gi") },
  // Dutch phone numbers: 06-12345678, 0612345678, +31 6 1234 5678, 020-1234567.
  { kind: "phone", pattern: /(?<![\d+])(?:\+31|0031|0)[ -]?(?:\d[ -]?){9}(?!\d)/g },
  // A postcode with a house number: 1234 AB 5, 1234AB 12.
  { kind: "postcode", pattern: /(?<!\d)\d{4}\s?[A-Za-z]{2}\s*,?\s*\d{1,4}(?!\d)/g },
  { kind: "email", pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g },
  // A name after a form of address: "mevrouw Jansen", "dhr. De Vries", "meneer Bakker".
  { kind: "name", pattern: /\b(?:[Mm]evrouw|[Mm]eneer|[Mm]evr\.?|[Mm]w\.?|[Mm]vr\.?|[Dd]hr\.?|[Dd]e heer|[Mm]r\.?|[Mm]rs\.?|[Mm]s\.?)\s+(?:(?:van|de|der|den|ter|ten|het)\s+)*[A-Z][a-zà-ÿ'-]+/g },
];

/** The first obvious patient identifier in `text`, or null. */
export function findPatientIdentifier(text: string): FoundIdentifier | null {
  for (const { kind, pattern, accept } of PATTERNS) {
    pattern.lastIndex = 0;
    for (const match of text.matchAll(pattern)) {
      if (!accept || accept(match[0])) return { kind, found: match[0] };
    }
  }
  return null;
}
