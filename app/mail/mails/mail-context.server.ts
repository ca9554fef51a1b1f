import type { Kysely } from "kysely";
import type * as Y from "yjs";
import type { TFunction } from "i18next";
import type { Database } from "../../../db/schema";
import { createI18n, isLanguage, type Language } from "../../i18n/i18n";
import { renderMail, type MailBlock, type RenderedMail } from "../mail-layout";
import { switchOffPath, type SwitchOffLinks } from "../mail-links.server";
import { isSwitchableMailKind, type MailKind } from "../mail-kinds";

// What every mail is prepared with, and the frame around its content: greeting, signature,
// why you get it, and the link to switch that kind off.

/** What preparing a mail may use: the database, documents, the public URL, link signing and the time. */
export interface MailContext {
  db: Kysely<Database>;
  /** Reads a meeting's document (may become async: always awaited). */
  readDocument<T>(docName: string, read: (doc: Y.Doc) => T): T | Promise<T>;
  /** The public base URL for links (APP_URL), without a trailing slash. */
  appUrl: string;
  links: SwitchOffLinks;
  now: Date;
}

/** A mail ready to hand to the transport, or why it is not sent (the job is then "skipped"). */
export type PreparedMail = { send: true; to: string; mail: RenderedMail; headers: Record<string, string> } | { send: false; reason: string };

/** Not worth retrying: the job is marked dead at once (a payload that cannot be read). */
export class PermanentMailError extends Error {}

const translators = new Map<Language, TFunction>();

/** The translation function of a language (one i18next instance per language, made once). */
export function translator(language: Language): TFunction {
  let t = translators.get(language);
  if (!t) {
    t = createI18n(language).t;
    translators.set(language, t);
  }
  return t;
}

/** The language of a mail: the recipient's choice, else the given fallback, else Dutch. */
export function mailLanguage(...choices: Array<string | null | undefined>): Language {
  return choices.find(isLanguage) ?? "nl";
}

export function skip(reason: string): PreparedMail {
  return { send: false, reason };
}

/** Wraps a mail's content in the common frame and renders it. */
export function frameMail(
  context: MailContext,
  input: { kind: MailKind; to: string; language: Language; name: string | null; subject: string; blocks: MailBlock[] },
): PreparedMail {
  const t = translator(input.language);
  const headers: Record<string, string> = { "Auto-Submitted": "auto-generated" };
  let switchOff: { text: string; label: string; url: string } | undefined;
  if (isSwitchableMailKind(input.kind)) {
    const url = `${context.appUrl}${switchOffPath(context.links.sign(input.to, input.kind))}`;
    switchOff = { text: t("mail.switchOff"), label: t("mail.switchOffLink"), url };
    // RFC 8058: mail programs offer a one-click "unsubscribe" that POSTs to this URL.
    headers["List-Unsubscribe"] = `<${url}>`;
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  const mail = renderMail(
    {
      subject: input.subject,
      greeting: input.name ? t("mail.greeting", { name: input.name }) : t("mail.greetingAnonymous"),
      blocks: input.blocks,
      signature: t("mail.signature"),
      footer: { why: t(`mail.why.${input.kind}`), switchOff, settings: { text: t("mail.allSettings"), label: t("mail.allSettingsLink"), url: `${context.appUrl}/account#mail` } },
    },
    input.language,
  );
  return { send: true, to: input.to, mail, headers };
}

/** The kind of a meeting as words in a sentence: "taakgericht leergesprek (consultbespreking)". */
export function meetingWhat(t: TFunction, meeting: { kind: string; subkind: string | null }): string {
  const kind = inSentence(t(`meetingKinds.${meeting.kind}`));
  return meeting.subkind ? `${kind} (${inSentence(t(`taakSubkinds.${meeting.subkind}`))})` : kind;
}

/** A label in the middle of a sentence: "Consultbespreking" → "consultbespreking", but "ILP-bespreking" stays. */
function inSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}
