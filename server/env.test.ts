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

  it("defaults: port 3000, production, and a generated session secret", () => {
    const result = loadEnvWith({});
    expect(result.status).toBe(0);
    const env = JSON.parse(result.stdout);
    expect(env).toMatchObject({ PORT: 3000, NODE_ENV: "production" });
    expect(env.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
  });
});
