import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createI18n, type Language } from "../i18n/i18n";
import type { DocConnection } from "../collab/doc-connection.client";
import type { SaveStatus as Status } from "../collab/saved-state";
import { SaveStatus } from "./save-status";

/** Renders the component for a connection that reports `status` (only what the hook reads). */
function render(status: Status, language: Language = "nl", refusal: string | null = null): string {
  const connection = { saveStatus: status, onSaveStatus: () => () => {}, refusal, onRefusal: () => () => {} } as unknown as DocConnection;
  return renderToStaticMarkup(
    createElement(I18nextProvider, { i18n: createI18n(language) }, createElement(SaveStatus, { connection })),
  );
}

describe("SaveStatus", () => {
  it("says in Dutch whether the text is stored, as a status region", () => {
    expect(render("saved")).toContain(">Opgeslagen<");
    expect(render("saving")).toContain(">Opslaan…<");
    expect(render("offline")).toContain(">Offline — wijzigingen worden bewaard op dit apparaat<");
    expect(render("saved")).toContain('role="status"');
    expect(render("saved")).toContain('data-testid="save-status"');
  });

  it("speaks English when chosen", () => {
    expect(render("offline", "en")).toContain(">Offline — changes are kept on this device<");
  });

  it("says the text is kept on this device, not saved, once the session ended", () => {
    expect(render("offline", "nl", "loggedOut")).toContain(">Niet opgeslagen: log opnieuw in — je tekst blijft op dit apparaat<");
    expect(render("offline", "en", "loggedOut")).toContain(">Not saved: log in again — your text stays on this device<");
  });
});
