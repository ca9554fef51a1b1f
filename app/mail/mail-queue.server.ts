import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { insertMailJob } from "../../db/mail-jobs";
import { normaliseEmail } from "../../db/users";
import { isErasedAccount } from "../../db/erased-account";
import { newId } from "../auth/tokens.server";
import { DEFAULT_MAX_ATTEMPTS, mailPayloads, type MailKind, type MailPayload } from "./mail-kinds";
import type { MailServices } from "./mail-services";

/** What queueing a mail needs: the database, and (when there is one) the runner to wake. */
export type MailQueueServices = { db: Kysely<Database>; mail?: Pick<MailServices, "queued"> };

export interface QueuedMail<K extends MailKind> {
  kind: K;
  to: string;
  userId?: string | null;
  payload: MailPayload<K>;
  /** Makes queueing idempotent: a second job with the same key is not added. */
  uniqueKey?: string;
  /** Not before this moment (default: now); the runner is woken then. */
  runAt?: Date;
}

/**
 * Queues one mail as a durable job; the server's runner sends it (now, when this instance
 * runs one). Returns false when a job with the same unique key exists already.
 */
export async function queueMail<K extends MailKind>(services: MailQueueServices, mail: QueuedMail<K>, now: Date = new Date()): Promise<boolean> {
  // The erased account stands in for people who are gone (issue #19): nobody to mail.
  if (isErasedAccount(mail.userId)) return false;
  const payload = mailPayloads[mail.kind].parse(mail.payload);
  const added = await insertMailJob(
    services.db,
    {
      id: newId(),
      kind: mail.kind,
      uniqueKey: mail.uniqueKey ?? null,
      userId: mail.userId ?? null,
      toAddress: normaliseEmail(mail.to),
      payload,
      maxAttempts: DEFAULT_MAX_ATTEMPTS,
      runAt: mail.runAt ?? now,
    },
    now,
  );
  if (added) services.mail?.queued(mail.runAt ? Math.max(0, mail.runAt.getTime() - now.getTime()) : 0);
  return added;
}
