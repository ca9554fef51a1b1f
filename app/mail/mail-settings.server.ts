import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { findMailRecipient, listOptOuts, setOptOut, setUserTimeZone } from "../../db/mail-settings";
import { SWITCHABLE_MAIL_KINDS, type SwitchableMailKind } from "./mail-kinds";
import { zoneOrDefault } from "./mail-time";

// The account page's "E-mail" settings: which kinds of mail, and the time zone.

export interface MailSettings {
  email: string;
  /** Per kind: whether the user gets it. */
  kinds: Record<SwitchableMailKind, boolean>;
  timeZone: string;
  language: "nl" | "en";
}

export async function readMailSettings(db: Kysely<Database>, userId: string): Promise<MailSettings | null> {
  const user = await findMailRecipient(db, userId);
  if (!user) return null;
  const off = new Set(await listOptOuts(db, user.email));
  return {
    email: user.email,
    kinds: Object.fromEntries(SWITCHABLE_MAIL_KINDS.map((kind) => [kind, !off.has(kind)])) as Record<SwitchableMailKind, boolean>,
    timeZone: zoneOrDefault(user.time_zone),
    language: user.language === "en" ? "en" : "nl",
  };
}

/** Stores the settings: every kind on or off as given, and the (checked) time zone. */
export async function saveMailSettings(db: Kysely<Database>, userId: string, settings: { kinds: Record<SwitchableMailKind, boolean>; timeZone: string }): Promise<void> {
  const user = await findMailRecipient(db, userId);
  if (!user) return;
  for (const kind of SWITCHABLE_MAIL_KINDS) await setOptOut(db, user.email, kind, !settings.kinds[kind]);
  await setUserTimeZone(db, userId, settings.timeZone);
}
