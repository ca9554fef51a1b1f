import nodemailer from "nodemailer";
import type { MailOutbox, OutboxMail } from "../../app/mail/mail-services";
import { logger } from "../logger";

// Where a prepared mail goes: an SMTP server (SMTP_URL), or, without one, the log (and the
// development outbox). The runner does not know which.

/** One mail, ready to hand over. */
export interface OutgoingMail {
  jobId: string;
  kind: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** Stable per job, so a resend after a crash carries the same Message-ID. */
  messageId: string;
}

export interface MailTransport {
  /** Whether mails leave the server. */
  readonly delivers: boolean;
  /** Hands the mail over; resolves with the server's answer, rejects with its error. */
  send(mail: OutgoingMail): Promise<string>;
  close(): void;
}

/** How long an SMTP conversation may take before it counts as failed (nodemailer's defaults wait minutes). */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** Sends over SMTP: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465` (TLS from the start). */
export function smtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS });
  return {
    delivers: true,
    async send(mail) {
      const info = await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
        messageId: mail.messageId,
      });
      return typeof info.response === "string" ? info.response : "accepted";
    },
    close() {
      transporter.close();
    },
  };
}

/** Without SMTP_URL: each mail is written to the log, and kept for the development outbox when one is given. */
export function logTransport(outbox: MemoryOutbox | null): MailTransport {
  return {
    delivers: false,
    async send(mail) {
      logger.info(`mail (not sent: SMTP_URL is not set) to ${mail.to}: ${mail.subject}\n${mail.text}`);
      outbox?.add({ id: mail.jobId, kind: mail.kind, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, at: new Date().toISOString() });
      return "logged";
    },
    close() {},
  };
}

/** The last mails that went to the log, for the development outbox page (in memory: development only). */
export class MemoryOutbox implements MailOutbox {
  private readonly mails: OutboxMail[] = [];

  constructor(private readonly capacity = 50) {}

  add(mail: OutboxMail): void {
    this.mails.unshift(mail);
    this.mails.length = Math.min(this.mails.length, this.capacity);
  }

  list(): OutboxMail[] {
    return [...this.mails];
  }
}
