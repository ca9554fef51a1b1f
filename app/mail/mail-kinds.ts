import { z } from "zod";

// Every kind of mail Koers sends, what its job carries, and which kinds a person can switch
// off. Shared by the account page (labels), the queue and the renderers.

/** Kinds a person can switch off: with a link in each mail, or on the account page. */
export const SWITCHABLE_MAIL_KINDS = ["meetingReminder", "weeklyDigest", "reportSubmitted", "reportReturned", "invite", "signupAttempt"] as const;
export type SwitchableMailKind = (typeof SWITCHABLE_MAIL_KINDS)[number];

/**
 * Every kind. "passwordReset" is only ever sent because someone asked for it on the
 * "Wachtwoord vergeten" page, so it cannot be switched off (switching it off would lock the
 * person out); it says what to do when you did not ask.
 */
export const MAIL_KINDS = [...SWITCHABLE_MAIL_KINDS, "passwordReset"] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export function isSwitchableMailKind(value: unknown): value is SwitchableMailKind {
  return typeof value === "string" && (SWITCHABLE_MAIL_KINDS as readonly string[]).includes(value);
}

export function isMailKind(value: unknown): value is MailKind {
  return typeof value === "string" && (MAIL_KINDS as readonly string[]).includes(value);
}

const language = z.enum(["nl", "en"]);

/** What each kind's job carries (stored as JSON, read back through these schemas). */
export const mailPayloads = {
  /** An invite link for an e-mail address; `token` is removed from the job once it is done. */
  invite: z.object({ token: z.string(), pairId: z.string(), inviterId: z.string(), language }),
  meetingReminder: z.object({ meetingId: z.string() }),
  /** The Monday of the week (in the recipient's zone) the digest is about. */
  weeklyDigest: z.object({ weekStart: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  reportSubmitted: z.object({ meetingId: z.string() }),
  reportReturned: z.object({ meetingId: z.string() }),
  /** Someone tried to sign up with this address; the language of the page they used. */
  signupAttempt: z.object({ language: language.optional() }),
  /** The link is made when the mail is sent (for an address with an account); nothing secret waits in the queue. */
  passwordReset: z.object({ language: language.optional() }),
} satisfies Record<MailKind, z.ZodTypeAny>;

export type MailPayload<K extends MailKind> = z.infer<(typeof mailPayloads)[K]>;

/** Payload fields that are secrets: cleared from the job once it is sent, skipped or dead. */
export const SECRET_PAYLOAD_FIELDS: Partial<Record<MailKind, readonly string[]>> = { invite: ["token"] };

/** How many attempts a job gets before it is dead. */
export const DEFAULT_MAX_ATTEMPTS = 6;
