// One logger for the server: a timestamped line per event, errors to stderr.
// Quiet under tests unless KOERS_LOG=1, so test output shows only what failed.

const quiet = process.env.VITEST === "true" && process.env.KOERS_LOG !== "1";

function line(level: string, message: string, detail?: unknown): string {
  const extra = detail === undefined ? "" : ` ${detail instanceof Error ? detail.stack ?? detail.message : JSON.stringify(detail)}`;
  return `${new Date().toISOString()} ${level} ${message}${extra}`;
}

export const logger = {
  info(message: string, detail?: unknown) {
    if (!quiet) console.log(line("info ", message, detail));
  },
  warn(message: string, detail?: unknown) {
    if (!quiet) console.warn(line("warn ", message, detail));
  },
  error(message: string, detail?: unknown) {
    console.error(line("error", message, detail));
  },
};
