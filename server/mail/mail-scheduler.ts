import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { pruneFinishedMailJobs } from "../../db/mail-jobs";
import { listReminderCandidates, listDigestCandidates, listOptedOutAddresses } from "../../db/mail-schedule";
import { queueMail, type MailQueueServices } from "../../app/mail/mail-queue.server";
import { DIGEST_HOUR, localMoment, meetingInstant, plusDays, PAIR_TIME_ZONE, REMINDER_HOUR, zoneOrDefault } from "../../app/mail/mail-time";
import { logger } from "../logger";

// Creates the reminder jobs on a tick (every minute). Idempotent: every job has a unique key
// per (kind, meeting or user, local date), so a restart or a second instance running the same
// tick adds nothing; the database's unique constraint decides, not this process's memory.
// Times are the recipient's: "the day before" and "Monday 7:00" in their own time zone.
//
//   meetingReminder:<meeting>:<user>:<date of the day before>   from 17:00 that day
//   weeklyDigest:<user>:<date of the Monday>                     from 7:00 that Monday

export interface MailSchedulerOptions {
  db: Kysely<Database>;
  /** Wakes the runner when a tick queued something. */
  queued(): void;
  now?: () => Date;
  tickMs?: number;
}

const DAY_MS = 24 * 3600_000;

export class MailScheduler {
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<number> | null = null;
  /** Keys this process already made sure of (saves a doomed insert every minute); the database stays the judge. */
  private readonly ensured = new Set<string>();
  private lastPrune = 0;

  constructor(private readonly options: MailSchedulerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    this.timer = setInterval(() => {
      if (!this.ticking) void this.tick();
    }, this.options.tickMs ?? 60_000);
    this.timer.unref();
    void this.tick();
  }

  close(): Promise<unknown> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.ticking ?? Promise.resolve();
  }

  /** One tick: queues the reminders and digests that are due now; returns how many it added. Never throws. */
  tick(): Promise<number> {
    // After the tick already running (which may have looked before the latest change).
    const next = (this.ticking ?? Promise.resolve(0)).then(() => this.run());
    this.ticking = next;
    void next.finally(() => {
      if (this.ticking === next) this.ticking = null;
    });
    return next;
  }

  private async run(): Promise<number> {
    try {
      const now = this.now();
      const services: MailQueueServices = { db: this.options.db };
      const optedOut = new Set(await listOptedOutAddresses(this.options.db, ["meetingReminder", "weeklyDigest"]));
      let added = 0;
      const queue = async (key: string, make: () => Promise<boolean>) => {
        if (this.ensured.has(key)) return;
        if (await make()) added++;
        this.ensured.add(key);
      };

      // Meetings on the Dutch calendar from yesterday to three days on cover "tomorrow" in every zone.
      const today = localMoment(now, PAIR_TIME_ZONE).date;
      for (const c of await listReminderCandidates(this.options.db, plusDays(today, -1), plusDays(today, 3))) {
        if (optedOut.has(`${c.email}\nmeetingReminder`)) continue;
        const zone = zoneOrDefault(c.time_zone);
        const local = localMoment(now, zone);
        const instant = meetingInstant(c.scheduled_at);
        if (local.hour < REMINDER_HOUR || !instant || localMoment(instant, zone).date !== plusDays(local.date, 1)) continue;
        const key = `meetingReminder:${c.meeting_id}:${c.user_id}:${local.date}`;
        await queue(key, () => queueMail(services, { kind: "meetingReminder", to: c.email, userId: c.user_id, payload: { meetingId: c.meeting_id }, uniqueKey: key }, now));
      }

      // Only people with an open agreement dated up to the end of this week (in any zone) can get a digest.
      for (const c of await listDigestCandidates(this.options.db, plusDays(today, 7))) {
        if (optedOut.has(`${c.email}\nweeklyDigest`)) continue;
        const local = localMoment(now, zoneOrDefault(c.time_zone));
        if (local.isoDay !== 1 || local.hour < DIGEST_HOUR) continue;
        const key = `weeklyDigest:${c.user_id}:${local.date}`;
        await queue(key, () => queueMail(services, { kind: "weeklyDigest", to: c.email, userId: c.user_id, payload: { weekStart: local.date }, uniqueKey: key }, now));
      }

      if (this.ensured.size > 100_000) this.ensured.clear();
      await this.pruneDaily(now);
      if (added > 0) {
        logger.info(`mail scheduler: queued ${added} reminder${added === 1 ? "" : "s"}`);
        this.options.queued();
      }
      return added;
    } catch (error) {
      logger.error("mail scheduler: the tick failed; the next one tries again", error);
      return 0;
    }
  }

  /** Once a day: sent and skipped jobs older than 30 days and dead ones older than 90 days go. */
  private async pruneDaily(now: Date): Promise<void> {
    if (now.getTime() - this.lastPrune < DAY_MS) return;
    this.lastPrune = now.getTime();
    const removed =
      (await pruneFinishedMailJobs(this.options.db, ["sent", "skipped"], new Date(now.getTime() - 30 * DAY_MS))) +
      (await pruneFinishedMailJobs(this.options.db, ["dead"], new Date(now.getTime() - 90 * DAY_MS)));
    if (removed > 0) logger.info(`mail scheduler: removed ${removed} finished jobs`);
  }
}
