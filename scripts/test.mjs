// `npm test`: every test — unit and integration (Vitest), then browser (Playwright).
// Finds a Chromium first (installing Debian's when it can), builds the app, and ends
// with one line that sums up: "N passed, N failed".
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

function run(command, args, env = {}) {
  console.log(`\n$ ${command} ${args.join(" ")}`);
  return spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } }).status ?? 1;
}

function playwrightManagedChromium() {
  const probe = spawnSync(process.execPath, ["-e", "const {chromium}=require('@playwright/test');process.stdout.write(chromium.executablePath())"], { encoding: "utf8" });
  const candidate = probe.stdout?.trim();
  return candidate && fs.existsSync(candidate) ? candidate : null;
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const canApt = isRoot && fs.existsSync("/usr/bin/apt-get");
let aptUpdated = false;

/** Installs Debian packages when we may (root with apt); true when they are there afterwards. */
function aptInstall(packages) {
  if (!canApt) return false;
  if (!aptUpdated && run("apt-get", ["update"]) !== 0) return false;
  aptUpdated = true;
  return run("apt-get", ["install", "-y", "--no-install-recommends", ...packages], { DEBIAN_FRONTEND: "noninteractive" }) === 0;
}

function onPath(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

function ensureChromium() {
  if (process.env.CHROMIUM_PATH || fs.existsSync(DEBIAN_CHROMIUM) || playwrightManagedChromium()) return;
  console.log("No Chromium found: installing Debian's chromium package (apt-get)…");
  if (aptInstall(["chromium"])) return;
  console.error(
    "\nThe browser tests need Chromium and none was found.\n" +
      "  On Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium\n" +
      "  Elsewhere:         npx playwright install chromium\n" +
      "  Or point CHROMIUM_PATH at a Chromium or Chrome executable.\n",
  );
  process.exit(1);
}

/** PostgreSQL, Redis and nginx: the tests start throwaway servers of their own from these binaries. */
function ensureServices() {
  const hasPostgres = process.env.KOERS_TEST_POSTGRES_URL || (fs.existsSync("/usr/lib/postgresql") && fs.readdirSync("/usr/lib/postgresql").length > 0) || onPath("initdb");
  const hasRedis = process.env.KOERS_TEST_REDIS_URL || onPath("redis-server");
  // nginx: the institute deployment test runs deploy/nginx.conf (the load balancer of docker-compose.yml).
  const hasNginx = fs.existsSync("/usr/sbin/nginx") || onPath("nginx");
  const missing = [!hasPostgres && "postgresql", !hasRedis && "redis-server", !hasNginx && "nginx"].filter(Boolean);
  if (missing.length === 0) return;
  console.log(`Not found: ${missing.join(", ")}: installing Debian's packages (apt-get)…`);
  if (aptInstall(missing)) return;
  console.error(
    `\nThe integration tests start their own throwaway PostgreSQL, Redis and nginx, and need their programs (${missing.join(", ")}).\n` +
      "  On Debian/Ubuntu:  sudo apt-get install -y postgresql redis-server nginx\n" +
      "  Elsewhere:         put initdb/pg_ctl and redis-server on PATH, or point KOERS_TEST_POSTGRES_URL and\n" +
      "                     KOERS_TEST_REDIS_URL at servers of your own.\n",
  );
  process.exit(1);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

ensureChromium();
ensureServices();
if (run("npx", ["tsc", "--noEmit"]) !== 0) {
  console.error("Type check failed.\n0 passed, 1 failed");
  process.exit(1);
}
if (run("npm", ["run", "build"]) !== 0) process.exit(1);

fs.mkdirSync("test-results", { recursive: true });
for (const f of ["test-results/vitest.json", "test-results/playwright.json"]) fs.rmSync(f, { force: true });

const unitStatus = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest.json"]);
const e2eStatus = run("npx", ["playwright", "test"], { PLAYWRIGHT_JSON_OUTPUT_NAME: "test-results/playwright.json" });

const vitest = readJson("test-results/vitest.json");
const playwright = readJson("test-results/playwright.json");
const passed = (vitest?.numPassedTests ?? 0) + (playwright?.stats?.expected ?? 0) + (playwright?.stats?.flaky ?? 0);
const failed = (vitest?.numFailedTests ?? 0) + (playwright?.stats?.unexpected ?? 0);
const skipped = (vitest?.numPendingTests ?? 0) + (playwright?.stats?.skipped ?? 0);
const ok = unitStatus === 0 && e2eStatus === 0 && vitest && playwright;

console.log(`\nUnit and integration: ${unitStatus === 0 ? "passed" : "FAILED"}; browser: ${e2eStatus === 0 ? "passed" : "FAILED"}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);
