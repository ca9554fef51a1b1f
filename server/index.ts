import { loadEnv } from "./env";
import { startKoersServer } from "./koers-server";
import { logger } from "./logger";
import { DEFAULT_MESSAGE_RATE } from "./collab/message-rate";
import { DatabaseUnavailableError, describeDatabaseLocation } from "../db/database";

// Start: read the environment once, start the server, stop cleanly on SIGTERM/SIGINT.

const env = loadEnv();
const SHUTDOWN_DEADLINE_MS = 5000;

const server = await startKoersServer({
  port: env.PORT,
  host: env.HOST,
  database: env.database,
  databasePoolSize: env.DATABASE_POOL_SIZE,
  remix: env.NODE_ENV === "development" ? "development" : "production",
  sessionSecret: env.SESSION_SECRET,
  yjsMessageRate: {
    burst: env.YJS_MESSAGE_BURST ?? DEFAULT_MESSAGE_RATE.burst,
    perSecond: env.YJS_MESSAGES_PER_SECOND ?? DEFAULT_MESSAGE_RATE.perSecond,
  },
  yjsLimits: {
    ...(env.YJS_CONNECTIONS_PER_SESSION ? { connectionsPerSession: env.YJS_CONNECTIONS_PER_SESSION } : {}),
    ...(env.YJS_MAX_DOCUMENT_BYTES ? { maxDocumentBytes: env.YJS_MAX_DOCUMENT_BYTES } : {}),
    ...(env.YJS_WRITE_BYTES_PER_MINUTE ? { writeBudget: { bytes: env.YJS_WRITE_BYTES_PER_MINUTE, windowMs: 60_000 } } : {}),
  },
  benchHooks: env.KOERS_BENCH_HOOKS === "1",
  cookieSecurity: env.cookieSecurity,
  trustProxy: env.TRUST_PROXY === "true",
  redisUrl: env.REDIS_URL,
  mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, appUrl: env.APP_URL, outbox: env.NODE_ENV === "development" },
}).catch((error: unknown) => {
  // An unreachable or refusing database is a setup problem: one clear line, no stack trace.
  if (error instanceof DatabaseUnavailableError) logger.error(`Koers could not start: ${error.message}`);
  else logger.error("Koers could not start", error);
  process.exit(1);
});

logger.info(`Koers listening on ${server.url} (database: ${describeDatabaseLocation(env.database)})`);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: stopping`);
    setTimeout(() => {
      logger.error(`could not stop within ${SHUTDOWN_DEADLINE_MS} ms; exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error("error while stopping", error);
        process.exit(1);
      },
    );
  });
}
