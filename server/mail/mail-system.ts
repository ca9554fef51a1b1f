import crypto from "node:crypto";
import os from "node:os";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { AppServices } from "../../app/services.server";
import type { MailServices } from "../../app/mail/mail-services";
import { switchOffLinks } from "../../app/mail/mail-links.server";
import { prepareMail } from "../../app/mail/prepare-mail.server";
import { MailRunner } from "./mail-runner";
import { MailScheduler } from "./mail-scheduler";
import { logTransport, MemoryOutbox, smtpTransport } from "./mail-transport";
import { logger } from "../logger";

// The mail system of one server instance: the transport (SMTP or the log), the job runner and
// the reminder scheduler, and what pages get of it (context.services.mail).

export interface MailOptions {
  /** SMTP_URL: `smtp://user:pass@host:587` or `smtps://user:pass@host:465`. Unset: mails go to the log. */
  smtpUrl?: string;
  /** MAIL_FROM, e.g. `Koers <koers@praktijk.nl>`; default `Koers <noreply@<APP_URL's host>>`. */
  from?: string;
  /** APP_URL: the public base URL for links in mails; default the server's own URL. */
  appUrl?: string;
  /** Keep the mails that go to the log for the outbox page (development only). */
  outbox?: boolean;
  /** Run the reminder scheduler (default true). */
  scheduler?: boolean;
  /** The clock of the runner and scheduler (tests move it). */
  now?: () => Date;
  pollMs?: number;
  tickMs?: number;
  retryBaseMs?: number;
  leaseMs?: number;
}

export interface MailSystem {
  services: MailServices;
  /** Starts the runner and the scheduler; `serverUrl` is the link base when APP_URL is unset. */
  start(serverUrl: string): void;
  /** Runs one scheduler tick now; resolves with how many jobs it queued (tests). */
  tick(): Promise<number>;
  /** Sends whatever is due now and resolves when nothing due is left (tests). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Builds the mail system; nothing runs until start(). */
export function createMailSystem(
  options: MailOptions,
  deps: { db: Kysely<Database>; readDocument: AppServices["readDocument"]; sessionSecret: string },
): MailSystem {
  const outbox = !options.smtpUrl && options.outbox ? new MemoryOutbox() : null;
  const transport = options.smtpUrl ? smtpTransport(options.smtpUrl) : logTransport(outbox);
  const now = options.now ?? (() => new Date());
  const links = switchOffLinks(deps.sessionSecret);
  let runner: MailRunner | null = null;
  let scheduler: MailScheduler | null = null;

  const services: MailServices = {
    queued: (delayMs) => {
      if (!delayMs) runner?.wake();
      else setTimeout(() => runner?.wake(), delayMs).unref();
    },
    links,
    delivers: transport.delivers,
    outbox,
  };

  return {
    services,
    start(serverUrl) {
      const appUrl = (options.appUrl ?? serverUrl).replace(/\/+$/, "");
      const host = new URL(appUrl).hostname;
      runner = new MailRunner({
        db: deps.db,
        transport,
        prepare: (job) => prepareMail({ db: deps.db, readDocument: deps.readDocument, appUrl, links, now: now() }, job),
        from: options.from ?? `Koers <noreply@${host}>`,
        instanceId: `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString("hex")}`,
        messageIdDomain: host,
        now,
        pollMs: options.pollMs,
        leaseMs: options.leaseMs,
        retryBaseMs: options.retryBaseMs,
      });
      runner.start();
      if (options.scheduler !== false) {
        scheduler = new MailScheduler({ db: deps.db, queued: () => runner?.wake(), now, tickMs: options.tickMs });
        scheduler.start();
      }
      logger.info(options.smtpUrl ? `mail: sending over ${redactedSmtpUrl(options.smtpUrl)}, links to ${appUrl}` : "mail: SMTP_URL is not set; mails go to the log");
    },
    tick: () => scheduler?.tick() ?? Promise.resolve(0),
    async drain() {
      runner?.wake();
      await runner?.drained();
    },
    async close() {
      await scheduler?.close();
      await runner?.close();
      if (!runner) transport.close();
    },
  };
}

/** The SMTP URL without its password, for the log. */
function redactedSmtpUrl(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "(invalid SMTP_URL)";
  }
}
