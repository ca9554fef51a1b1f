import { describe, expect, it } from "vitest";
import { findPatientIdentifier, passesElfProef } from "./patient-identifiers";

describe("patient identifiers in consult feedback", () => {
  it("knows a BSN by the 11-proef, also written in groups", () => {
    expect(passesElfProef("111222333")).toBe(true);
    expect(passesElfProef("123456782")).toBe(true);
    expect(passesElfProef("123456789")).toBe(false);
    expect(findPatientIdentifier("pt met BSN 123456782, hoest")).toEqual({ kind: "bsn", found: "123456782" });
    expect(findPatientIdentifier("bsn 123.456.782")?.kind).toBe("bsn");
    // Nine digits that fail the proef (a file number) are no BSN.
    expect(findPatientIdentifier("dossier 123456789")).toBeNull();
  });

  it("refuses a full date with a year, a phone number, a postcode with number, an e-mail and a name after an address", () => {
    expect(findPatientIdentifier("geb. 12-03-1954")?.kind).toBe("dateOfBirth");
    expect(findPatientIdentifier("geboren 3 maart 1961")?.kind).toBe("dateOfBirth");
    expect(findPatientIdentifier("1954-03-12")?.kind).toBe("dateOfBirth");
    expect(findPatientIdentifier("bel 06-12345678")?.kind).toBe("phone");
    expect(findPatientIdentifier("woont 1234 AB 5")?.kind).toBe("postcode");
    expect(findPatientIdentifier("mail j.jansen@example.nl")?.kind).toBe("email");
    expect(findPatientIdentifier("Mevrouw Jansen kwam voor")?.kind).toBe("name");
    expect(findPatientIdentifier("dhr. De Vries")?.kind).toBe("name");
  });

  it("lets an ordinary description through", () => {
    for (const text of ["man, 54, hoest sinds drie weken", "vrouw van 67 met duizeligheid, vervolgconsult", "mevrouw vertelt over haar zorgen", "in maart 2025 begonnen met metformine 500 mg 2dd"]) {
      expect(findPatientIdentifier(text)).toBeNull();
    }
  });
});
