import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import path from "node:path";

// loadEnv exits the process on a bad value, so it is run in a child process.
function loadEnvWith(vars: Record<string, string>) {
  const script = `import { loadEnv } from ${JSON.stringify(path.resolve("server/env.ts"))}; console.log(JSON.stringify(loadEnv()));`;
  return spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", DATABASE_PATH: path.join(process.env.TMPDIR ?? "/tmp", `koers-env-${process.pid}`, "k.sqlite"), ...vars } as unknown as NodeJS.ProcessEnv, // NODE_ENV deliberately absent
  });
}

describe("environment", () => {
  it("a wrong value names the variable and exits non-zero", () => {
    const result = loadEnvWith({ PORT: "not-a-port" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("PORT");
  });

  it("mail: SMTP_URL must be smtp(s)://, needs APP_URL in production, and its password never reaches the log", () => {
    const wrong = loadEnvWith({ SMTP_URL: "http://koers:geheim-wachtwoord@mail.example.nl", APP_URL: "https://koers.example.nl" });
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toContain("SMTP_URL");
    expect(wrong.stderr).not.toContain("geheim-wachtwoord");
    const noAppUrl = loadEnvWith({ SMTP_URL: "smtps://koers:geheim@mail.example.nl:465" });
    expect(noAppUrl.status).not.toBe(0);
    expect(noAppUrl.stderr).toContain("APP_URL");
    const ok = loadEnvWith({ SMTP_URL: "smtps://koers:geheim@mail.example.nl:465", APP_URL: "https://koers.example.nl", MAIL_FROM: "Koers <koers@example.nl>" });
    expect(ok.status).toBe(0);
    expect(loadEnvWith({ MAIL_FROM: "Koers <niet een adres>" }).status).not.toBe(0);
  });

  it("several instances: REDIS_URL must be redis(s)://, needs a shared SESSION_SECRET, and its password never reaches the log", () => {
    const wrong = loadEnvWith({ REDIS_URL: "http://:geheim-wachtwoord@redis:6379", SESSION_SECRET: "s".repeat(32) });
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toContain("REDIS_URL");
    expect(wrong.stderr).not.toContain("geheim-wachtwoord");
    const noSecret = loadEnvWith({ REDIS_URL: "redis://redis:6379" });
    expect(noSecret.status).not.toBe(0);
    expect(noSecret.stderr).toContain("SESSION_SECRET");
    expect(loadEnvWith({ REDIS_URL: "rediss://:pw@redis.example.nl:6380", SESSION_SECRET: "s".repeat(32) }).status).toBe(0);
  });

  it("defaults: port 3000, production, and a generated session secret", () => {
    const result = loadEnvWith({});
    expect(result.status).toBe(0);
    const env = JSON.parse(result.stdout);
    expect(env).toMatchObject({ PORT: 3000, NODE_ENV: "production" });
    expect(env.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
  });
});
