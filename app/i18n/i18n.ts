import i18next, { type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { nl } from "./nl";
import { en } from "./en";

export const LANGUAGES = ["nl", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "nl";
/** Cookie that remembers the chosen language. */
export const LANGUAGE_COOKIE = "koers_lang";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** Reads the language from a Cookie header; Dutch unless English was chosen. */
export function languageFromCookie(cookieHeader: string | null): Language {
  const match = /(?:^|;\s*)koers_lang=([a-z]{2})/.exec(cookieHeader ?? "");
  return isLanguage(match?.[1]) ? match[1] : DEFAULT_LANGUAGE;
}

/**
 * A ready i18next instance for one language. Synchronous (resources are bundled), so
 * the server render and the browser's first render use the same strings.
 */
export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    resources: { nl: { translation: nl }, en: { translation: en } },
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
    returnNull: false,
    showSupportNotice: false,
  });
  return instance;
}
