import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { CookieSecurity } from "../app/auth/session.server";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1).default("./data/koers.sqlite"),
  /**
   * `postgres://user:password@host:5432/koers`: run on PostgreSQL instead of the SQLite file
   * (DATABASE_PATH is then not used for data). Percent-encode `@`, `:` and `/` in the password.
   */
  DATABASE_URL: z
    .string()
    .refine((v) => /^postgres(?:ql)?:\/\/[^/\s]+/i.test(v) && URL.canParse(v), "must be a URL like postgres://user:password@host:5432/koers")
    .optional(),
  /** PostgreSQL: connections in the shared pool (default 10; the collaboration core has one more of its own). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).optional(),
  /**
   * Signs session cookies. At least 32 characters. When unset, a random secret is
   * created once next to the database and reused, so a fresh install needs no setup.
   */
  SESSION_SECRET: z.string().min(32).optional(),
  /**
   * Mark the session cookie Secure (sent over HTTPS only). Default in production: always,
   * except for a local trial on http://localhost (Safari refuses Secure cookies there).
   * "true" forces it everywhere; "false" only to try Koers over plain HTTP on a LAN address.
   */
  COOKIE_SECURE: z.enum(["true", "false"]).optional(),
  /**
   * The per-connection message budget on /yjs (burst, then messages per second). The
   * defaults never limit a person; the benchmark raises them to measure raw throughput.
   */
  YJS_MESSAGE_BURST: z.coerce.number().int().min(1).optional(),
  YJS_MESSAGES_PER_SECOND: z.coerce.number().int().min(1).optional(),
  /** /yjs connections one login session may hold at once (default 20). */
  YJS_CONNECTIONS_PER_SESSION: z.coerce.number().int().min(1).optional(),
  /** Stored bytes one document may grow to (default 8 MiB). */
  YJS_MAX_DOCUMENT_BYTES: z.coerce.number().int().min(1024).optional(),
  /** Bytes of document changes one account may send per minute over /yjs (default 2 MiB). */
  YJS_WRITE_BYTES_PER_MINUTE: z.coerce.number().int().min(1024).optional(),
  /** "1" only for the benchmark: serves GET /__bench/heap (with node --expose-gc). */
  KOERS_BENCH_HOOKS: z.enum(["0", "1"]).default("0"),
  /**
   * Several instances (README "Running for an institute"): `redis://host:6379` (or `rediss://`
   * for TLS). Unset: one process, everything live in its own memory.
   */
  REDIS_URL: z.string().url().refine((v) => /^rediss?:\/\//.test(v), "must start with redis:// or rediss://").optional(),
  /** Behind a reverse proxy: take the client address for login limits from X-Forwarded-For. */
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  // E-mail (issue #18; README "E-mail").
  /** `smtp://user:pass@host:587` (STARTTLS) or `smtps://user:pass@host:465`. Unset: mails go to the log (and, in development, /dev/outbox). */
  SMTP_URL: z.string().url().refine((v) => /^smtps?:\/\//.test(v), "must start with smtp:// or smtps://").optional(),
  /** The sender of every mail: `koers@praktijk.nl` or `Koers <koers@praktijk.nl>`. Default: Koers <noreply@APP_URL's host>. */
  MAIL_FROM: z.string().regex(/^(?:[^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, "must be an address or Name <address>").optional(),
  /** The public base URL of Koers, for the links in mails (https://koers.praktijk.nl). Required with SMTP_URL in production. */
  APP_URL: z.string().url().refine((v) => /^https?:\/\//.test(v), "must start with http:// or https://").optional(),
}).superRefine((env, ctx) => {
  if (env.REDIS_URL && !env.SESSION_SECRET) {
    // The secret kept beside a database file is this machine's own: instances would not accept each other's cookies.
    ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "is required when REDIS_URL is set: every instance must sign cookies with the same secret" });
  }
  if (env.SMTP_URL && !env.APP_URL && env.NODE_ENV === "production") {
    ctx.addIssue({ code: "custom", path: ["APP_URL"], message: "is required when SMTP_URL is set: links in mails must point at the public address" });
  }
});

export type Env = z.infer<typeof schema> & {
  SESSION_SECRET: string;
  cookieSecurity: CookieSecurity;
  /** Where the data lives: DATABASE_URL when set, else the SQLite file at DATABASE_PATH. */
  database: string;
};

/**
 * Reads and checks the environment once. A wrong value prints which variable is wrong
 * and why, and exits non-zero: the server never starts half-configured.
 */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    console.error("Koers cannot start: the environment has invalid values.");
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0]);
      // Secrets and credentials (SESSION_SECRET, SMTP_URL's password) never go to the log.
      const got = /SECRET|SMTP_URL|DATABASE_URL|REDIS_URL/.test(name) ? "a hidden value" : JSON.stringify(source[name]);
      console.error(`  ${issue.path.join(".")}: ${issue.message} (got ${got})`);
    }
    process.exit(1);
  }
  const env = parsed.data;
  return {
    ...env,
    SESSION_SECRET: env.SESSION_SECRET ?? persistentSecret(env.DATABASE_PATH),
    cookieSecurity: cookieSecurityOf(env.COOKIE_SECURE, env.NODE_ENV),
    database: env.DATABASE_URL ?? env.DATABASE_PATH,
  };
}

/** COOKIE_SECURE wins; otherwise Secure in production except for a local trial on http://localhost. */
function cookieSecurityOf(setting: "true" | "false" | undefined, nodeEnv: string): CookieSecurity {
  if (setting) return setting === "true" ? "always" : "never";
  return nodeEnv === "production" ? "exceptLocalhost" : "never";
}

/** Reads the secret kept beside the database, creating it (readable by this user only) the first time. */
function persistentSecret(databasePath: string): string {
  const file = path.join(path.dirname(path.resolve(databasePath)), "session-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = crypto.randomBytes(32).toString("base64url");
    fs.writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
    return secret;
  }
}
