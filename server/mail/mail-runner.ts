import type { Kysely } from "kysely";
import type { Database, MailJob } from "../../db/schema";
import { claimMailJob, finishMailJob, listDueMailJobIds, retryMailJobLater } from "../../db/mail-jobs";
import { PermanentMailError, payloadWithoutSecrets, type PreparedMail } from "../../app/mail/prepare-mail.server";
import type { MailTransport } from "./mail-transport";
import { logger } from "../logger";

// Sends the queued mail jobs. Each job is claimed with a conditional update before anything
// is sent, so of several instances on one database exactly one sends it. A failed attempt is
// retried later with exponential backoff (and jitter, so instances do not retry in step);
// after max_attempts, or at once for a permanent refusal, the job is dead. Every outcome is
// logged, so an administrator sees in the log what was sent, retried and given up.
//
// A claim is a lease: if the instance dies mid-send, another takes the job over after the
// lease ends. The only duplicate possible is a crash between the SMTP server's "250 OK" and
// the row's update: a window of milliseconds, accepted over losing the mail.

export interface MailRunnerOptions {
  db: Kysely<Database>;
  transport: MailTransport;
  /** Turns a claimed job into the mail to send, or why not. */
  prepare(job: MailJob): Promise<PreparedMail>;
  /** The sender (MAIL_FROM). */
  from: string;
  /** Names this instance in claims (host, process, random). */
  instanceId: string;
  /** The domain of Message-IDs. */
  messageIdDomain: string;
  now?: () => Date;
  /** How often the queue is looked at without being woken (other instances' jobs, retries that came due). */
  pollMs?: number;
  /** How long a claim holds: longer than any SMTP conversation may take (timeouts are 10–30 s). */
  leaseMs?: number;
  /** The first retry's delay; each next one doubles, up to retryMaxMs. */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

export class MailRunner {
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(private readonly options: MailRunnerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Starts polling (and drains what is due now). */
  start(): void {
    this.timer = setInterval(() => this.wake(), this.options.pollMs ?? 5000);
    this.timer.unref();
    this.wake();
  }

  /** Looks at the queue now (a job was queued); coalesces with a run already going. */
  wake(): void {
    if (this.closed) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Resolves once the queue has no due job left (tests; the CLI's "retry"). */
  async drained(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Stops claiming; waits for the mail being sent now (up to `waitMs`; after that its lease lets another instance, or the next start, retry it). */
  async close(waitMs = 2000): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    const running = this.draining;
    if (running) await Promise.race([running, new Promise((r) => setTimeout(r, waitMs).unref())]);
    this.options.transport.close();
  }

  private async drain(): Promise<void> {
    try {
      for (let rounds = 0; rounds < 100 && !this.closed; rounds++) {
        const ids = await listDueMailJobIds(this.options.db, this.now(), 20);
        if (ids.length === 0) return;
        for (const id of ids) {
          if (this.closed) return;
          const job = await claimMailJob(this.options.db, id, this.options.instanceId, this.now(), this.options.leaseMs ?? 120_000);
          if (job) await this.attempt(job);
        }
      }
    } catch (error) {
      // The database itself failed (or is closing): the jobs stay queued for the next poll.
      logger.error("mail queue: could not read or claim jobs", error);
    }
  }

  /** One attempt of one claimed job: prepare, send, record. Never throws. */
  private async attempt(job: MailJob): Promise<void> {
    const { db, instanceId } = this.options;
    const label = `mail job ${job.id} (${job.kind} to ${maskAddress(job.to_address)}, attempt ${job.attempts}/${job.max_attempts})`;
    const clean = payloadWithoutSecrets(job);
    try {
      const prepared = await this.options.prepare(job);
      if (!prepared.send) {
        await finishMailJob(db, job.id, instanceId, { status: "skipped", result: prepared.reason, payload: clean }, this.now());
        logger.info(`${label} skipped: ${prepared.reason}`);
        return;
      }
      const response = await this.options.transport.send({
        jobId: job.id,
        kind: job.kind,
        from: this.options.from,
        to: prepared.to,
        subject: prepared.mail.subject,
        text: prepared.mail.text,
        html: prepared.mail.html,
        headers: prepared.headers,
        messageId: `<${job.id}@${this.options.messageIdDomain}>`,
      });
      const recorded = await finishMailJob(db, job.id, instanceId, { status: "sent", result: response.slice(0, 500), payload: clean }, this.now());
      logger.info(`${label} sent${this.options.transport.delivers ? `: ${response.slice(0, 120)}` : " to the log"}${recorded ? "" : " (its claim had run out meanwhile)"}`);
    } catch (error) {
      await this.failed(job, label, error, clean);
    }
  }

  private async failed(job: MailJob, label: string, error: unknown, clean: Record<string, unknown> | undefined): Promise<void> {
    const { db, instanceId } = this.options;
    const message = describeError(error);
    const permanent = error instanceof PermanentMailError || isPermanentRefusal(error);
    try {
      if (permanent || job.attempts >= job.max_attempts) {
        await finishMailJob(db, job.id, instanceId, { status: "dead", error: message, payload: clean }, this.now());
        logger.error(`${label} failed and is given up (${permanent ? "permanent refusal" : "no attempts left"}): ${message}`);
        return;
      }
      const delay = backoffMs(job.attempts, this.options.retryBaseMs ?? 30_000, this.options.retryMaxMs ?? 3_600_000);
      const runAt = new Date(this.now().getTime() + delay);
      await retryMailJobLater(db, job.id, instanceId, message, runAt, this.now());
      logger.warn(`${label} failed: ${message}; next attempt at ${runAt.toISOString()}`);
    } catch (recordError) {
      // Could not even record the failure: the lease runs out and the job is tried again.
      logger.error(`${label} failed (${message}) and the failure could not be recorded`, recordError);
    }
  }
}

/** base · 2^(attempt−1), at most max, ±20% jitter. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  const plain = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(plain * (0.8 + Math.random() * 0.4));
}

/** A recipient the SMTP server refuses for good (5xx on RCPT TO): trying again will not help. */
function isPermanentRefusal(error: unknown): boolean {
  const e = error as { responseCode?: number; command?: string };
  return typeof e?.responseCode === "number" && e.responseCode >= 500 && e.responseCode < 600 && e.command === "RCPT TO";
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const e = error as Error & { code?: string; responseCode?: number };
    return [e.code, e.responseCode, e.message].filter((part) => part !== undefined && part !== "").join(" ").slice(0, 500);
  }
  return String(error).slice(0, 500);
}

/** "sanne@example.nl" → "s***@example.nl": enough for an administrator to tell mails apart, not a list of addresses. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf("@");
  return at > 0 ? `${address[0]}***${address.slice(at)}` : "***";
}
