import fs from "node:fs";

/** Debian's Chromium, used when present; elsewhere Playwright's own browser (if installed). */
export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/** The browser executable to launch, or undefined to let Playwright use its managed browser. */
export function chromiumExecutable(): string | undefined {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) return explicit;
  return fs.existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;
}

/** Flags that keep Chromium quiet on a closed network and usable as root in a container. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
