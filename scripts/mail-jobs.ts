// `npm run mail:jobs` — the mail queue for an administrator: recent jobs, or only the failed
// ones, with their attempts and last error; and `retry <id>` to give a dead job new attempts.
//
//   npm run mail:jobs                  the 30 most recent jobs
//   npm run mail:jobs -- --failed      dead jobs and jobs waiting for a retry
//   npm run mail:jobs -- --limit 100
//   npm run mail:jobs -- retry <id>    (a running server sends it within its poll interval)
//
// Reads DATABASE_URL (PostgreSQL) or else DATABASE_PATH (default ./data/koers.sqlite), like the server.
import { openDatabase } from "../db/database";
import { findMailJob, listRecentMailJobs, requeueDeadMailJob } from "../db/mail-jobs";
import type { MailJob } from "../db/schema";
import { maskAddress } from "../server/mail/mail-runner";

const args = process.argv.slice(2);
const database = await openDatabase(process.env.DATABASE_URL || process.env.DATABASE_PATH || "./data/koers.sqlite", { checkpointInWorker: false });
try {
  if (args[0] === "retry") {
    const id = args[1] ?? "";
    const job = (await findMailJob(database.db, id)) ?? (await listRecentMailJobs(database.db, { limit: 1000, statuses: ["dead"] })).find((j) => j.id.startsWith(id) && id.length >= 6);
    if (!job) {
      console.error(`no mail job ${JSON.stringify(id)}`);
      process.exitCode = 1;
    } else if (await requeueDeadMailJob(database.db, job.id)) {
      console.log(`mail job ${job.id} is queued again with ${job.max_attempts} new attempts`);
    } else {
      console.error(`mail job ${job.id} is ${job.status}, not dead: nothing changed`);
      process.exitCode = 1;
    }
  } else {
    const failed = args.includes("--failed");
    const limitAt = args.indexOf("--limit");
    const limit = limitAt >= 0 ? Math.max(1, Number(args[limitAt + 1]) || 30) : 30;
    const rows = failed
      ? (await listRecentMailJobs(database.db, { limit: limit * 4, statuses: ["dead", "queued"] })).filter((j) => j.status === "dead" || j.attempts > 0).slice(0, limit)
      : await listRecentMailJobs(database.db, { limit });
    printJobs(rows, failed);
  }
} finally {
  await database.close();
}

function printJobs(rows: MailJob[], failed: boolean): void {
  if (rows.length === 0) {
    console.log(failed ? "no failed mail jobs" : "no mail jobs");
    return;
  }
  const table = rows.map((j) => [
    j.id.slice(0, 8),
    j.created_at.slice(0, 19).replace("T", " "),
    j.kind,
    maskAddress(j.to_address),
    j.status,
    `${j.attempts}/${j.max_attempts}`,
    j.status === "queued" ? `next ${j.run_at.slice(0, 19).replace("T", " ")}` : (j.finished_at ?? "").slice(0, 19).replace("T", " "),
    (j.status === "sent" || j.status === "skipped" ? j.result : j.last_error) ?? "",
  ]);
  const header = ["id", "queued (UTC)", "kind", "to", "status", "tries", "next / done (UTC)", "result or last error"];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => Math.min(r[i]!.length, i === 7 ? 200 : 40))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ");
  console.log(line(header));
  for (const row of table) console.log(line(row));
}
