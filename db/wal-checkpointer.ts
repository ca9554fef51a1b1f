import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

// WAL checkpoints off the event loop. With automatic checkpoints off on the main handle,
// a worker thread opens its own connection to the same file and runs a PASSIVE checkpoint
// every CHECKPOINT_INTERVAL_MS: it copies committed pages into the database file without
// taking the write lock, so commits on the event loop never wait for it. Under a long
// stream of writes a passive checkpoint never catches up with the newest frames and the
// WAL would only grow; past WAL_TRUNCATE_BYTES the worker runs one TRUNCATE checkpoint,
// which holds writers back for the few frames the passive ones left (measured: a few ms).

/** How often the worker checkpoints. */
export const CHECKPOINT_INTERVAL_MS = 1000;
/** The WAL size above which the worker truncates it. */
export const WAL_TRUNCATE_BYTES = 16 * 2 ** 20;

// Plain CommonJS run with `eval`, so it works the same from the TypeScript sources (tests)
// and from the bundled dist/server.js; better-sqlite3 is loaded from the resolved path.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file, { fileMustExist: true });
db.pragma("busy_timeout = 1000");
const wal = workerData.file + "-wal";
const timer = setInterval(() => {
  try {
    let size = 0;
    try { size = fs.statSync(wal).size; } catch {}
    if (size === 0) return;
    db.pragma(size > workerData.truncateBytes ? "wal_checkpoint(TRUNCATE)" : "wal_checkpoint(PASSIVE)");
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
}, workerData.intervalMs);
parentPort.on("message", (m) => {
  if (m !== "stop") return;
  clearInterval(timer);
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch {}
  db.close();
  parentPort.postMessage("stopped");
});
`;

/** The running checkpoint worker of one database file. */
export interface WalCheckpointer {
  /** Stops the worker after one last passive checkpoint and closes its connection. */
  stop(): Promise<void>;
}

/** Starts a checkpoint worker for the SQLite file at `file` (WAL mode). */
export function startWalCheckpointer(
  file: string,
  options: { intervalMs?: number; truncateBytes?: number; onError?: (message: string) => void } = {},
): WalCheckpointer {
  const onError = options.onError ?? ((message: string) => console.error(message));
  const require = createRequire(import.meta.url);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      file,
      driver: require.resolve("better-sqlite3"),
      intervalMs: options.intervalMs ?? CHECKPOINT_INTERVAL_MS,
      truncateBytes: options.truncateBytes ?? WAL_TRUNCATE_BYTES,
    },
  });
  worker.unref(); // never what keeps the process alive
  worker.on("message", (m: unknown) => {
    // A failed checkpoint loses nothing (the WAL is the data); it only grows until the next one works.
    if (m && typeof m === "object" && "error" in m) onError(`WAL checkpoint failed: ${(m as { error: string }).error}`);
  });
  worker.on("error", (error) => onError(`the WAL checkpoint worker stopped: ${error.message}`));
  let stopping: Promise<void> | null = null;
  return {
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        const done = () => resolve();
        worker.once("exit", done);
        worker.on("message", (m: unknown) => m === "stopped" && void worker.terminate().then(done, done));
        worker.postMessage("stop");
        // A worker that does not answer (stuck in a checkpoint) is ended anyway.
        setTimeout(() => void worker.terminate().then(done, done), 2000).unref();
      })),
  };
}
