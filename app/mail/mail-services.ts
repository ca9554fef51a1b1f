import type { SwitchOffLinks } from "./mail-links.server";

/** What pages and domain functions get of the mail system (as `context.services.mail`). */
export interface MailServices {
  /**
   * Tells this instance's job runner a job was queued, so it sends it now instead of at its
   * next poll; or after `delayMs`, so the work of sending happens after the response is out.
   */
  queued(delayMs?: number): void;
  /** Signs and checks the switch-off links in mails. */
  links: SwitchOffLinks;
  /** Whether mails leave the server (SMTP_URL is set); otherwise they go to the log (and the outbox in development). */
  delivers: boolean;
  /** The development outbox: the last mails that went to the log. Null outside development (its page answers 404). */
  outbox: MailOutbox | null;
}

/** A mail as the development outbox shows it. */
export interface OutboxMail {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  at: string;
}

export interface MailOutbox {
  /** The kept mails, newest first. */
  list(): OutboxMail[];
}
