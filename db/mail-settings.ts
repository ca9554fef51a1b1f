import type { Kysely } from "kysely";
import type { Database } from "./schema";
import { normaliseEmail } from "./users";

// Who gets which mail: per-address switch-offs (they work for an invited address without an
// account too), and the language and time zone of a user's mails.

/** The kinds of mail an address has switched off. */
export async function listOptOuts(db: Kysely<Database>, address: string): Promise<string[]> {
  const rows = await db.selectFrom("mail_opt_outs").select("kind").where("address", "=", normaliseEmail(address)).execute();
  return rows.map((r) => r.kind);
}

/** Whether an address switched one kind of mail off. */
export async function isOptedOut(db: Kysely<Database>, address: string, kind: string): Promise<boolean> {
  const row = await db
    .selectFrom("mail_opt_outs")
    .select("kind")
    .where("address", "=", normaliseEmail(address))
    .where("kind", "=", kind)
    .executeTakeFirst();
  return row !== undefined;
}

/** Switches one kind of mail off (or on again) for an address. */
export async function setOptOut(db: Kysely<Database>, address: string, kind: string, off: boolean, now: Date = new Date()): Promise<void> {
  const normalised = normaliseEmail(address);
  if (off) {
    await db
      .insertInto("mail_opt_outs")
      .values({ address: normalised, kind, created_at: now.toISOString() })
      .onConflict((oc) => oc.columns(["address", "kind"]).doNothing())
      .execute();
  } else {
    await db.deleteFrom("mail_opt_outs").where("address", "=", normalised).where("kind", "=", kind).execute();
  }
}

/** What a mail to a user needs to know about them. */
export interface MailRecipient {
  id: string;
  name: string;
  email: string;
  language: string | null;
  time_zone: string;
}

export async function findMailRecipient(db: Kysely<Database>, userId: string): Promise<MailRecipient | undefined> {
  return db.selectFrom("users").select(["id", "name", "email", "language", "time_zone"]).where("id", "=", userId).executeTakeFirst();
}

export async function findMailRecipientByEmail(db: Kysely<Database>, email: string): Promise<MailRecipient | undefined> {
  return db
    .selectFrom("users")
    .select(["id", "name", "email", "language", "time_zone"])
    .where("email", "=", normaliseEmail(email))
    .executeTakeFirst();
}

/** Stores the language a user chose (the language switch, while logged in). */
export async function setUserLanguage(db: Kysely<Database>, userId: string, language: string): Promise<void> {
  await db.updateTable("users").set({ language }).where("id", "=", userId).execute();
}

/** Stores the time zone a user's reminders are computed in. */
export async function setUserTimeZone(db: Kysely<Database>, userId: string, timeZone: string): Promise<void> {
  await db.updateTable("users").set({ time_zone: timeZone }).where("id", "=", userId).execute();
}
