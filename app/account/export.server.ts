import { Zip, ZipDeflate, ZipPassThrough } from "fflate";
import type { AppServices } from "../services.server";
import type { User } from "../../db/schema";
import { findUserById } from "../../db/users";
import { listMeetingsWithReports, listPairsOfPerson, type PairOfPerson } from "../../db/your-data";
import { existingDocNames } from "../../db/erasure";
import { privateNotesDocName } from "../collab/protocol";
import { isLanguage, type Language } from "../i18n/i18n";
import { recordMeetingOpen } from "../audit/audit.server";
import { logger } from "../../server/logger";
import { accountFiles, auditFiles } from "./export-account.server";
import { reportFiles, agreementFiles } from "./export-portfolio.server";
import { privateNotesFiles } from "./export-private-notes.server";
import { learningGoalFiles, opleiderGoalFiles } from "./export-learning-goals.server";
import { readmeFile } from "./export-readme.server";

// "Je gegevens meenemen" (issue #19): one zip with everything Koers keeps about the person
// asking, streamed as it is made. Its files are planned first (so the page can say "7 of 23"),
// then made one at a time while the browser reads: one meeting's PDF per turn, and the
// event loop gets a turn between files, so a long export never holds up anyone else.

/** One file of the export: its path in the zip and how to make it (called in order, once). */
export interface ExportEntry {
  path: string;
  /** PDFs are compressed already: stored as they are. */
  compress: boolean;
  make(): Promise<Uint8Array | string>;
}

/** What every part of the export knows about the person and the moment. */
export interface ExportContext {
  services: Pick<AppServices, "db" | "readDocument" | "isMeetingReadOnly">;
  user: User;
  language: Language;
  now: Date;
  pairs: PairOfPerson[];
  meetings: Awaited<ReturnType<typeof listMeetingsWithReports>>;
  /** The person's private notes documents that exist. */
  privateDocNames: Set<string>;
  /** Records (once per meeting) that the export read a meeting's documents. */
  opened(meetingId: string): Promise<void>;
  /** A path not yet used in the zip (appends -2, -3 … before the extension). */
  uniquePath(path: string): string;
}

/** A part of the export: the files it adds for one person. */
export type ExportPart = (context: ExportContext) => Promise<ExportEntry[]>;

/**
 * The parts, in the order their files appear. The learning goals (issue #17) have their own
 * part, empty until the goals exist.
 */
export const EXPORT_PARTS: readonly ExportPart[] = [accountFiles, reportFiles, agreementFiles, learningGoalFiles, opleiderGoalFiles, privateNotesFiles, auditFiles];

/** An export ready to stream: its file name, how many files it holds, and the zip's bytes. */
export interface ExportDownload {
  filename: string;
  fileCount: number;
  stream: ReadableStream<Uint8Array>;
}

/** Plans the person's export and returns it as a zip stream; undefined for an unknown user. */
export async function buildExport(services: ExportContext["services"], userId: string, now: Date = new Date()): Promise<ExportDownload | undefined> {
  const user = await findUserById(services.db, userId);
  if (!user) return undefined;
  const pairs = await listPairsOfPerson(services.db, userId);
  const meetings = await listMeetingsWithReports(
    services.db,
    pairs.map((p) => p.pairId),
  );
  const privateDocNames = new Set(await existingDocNames(services.db, meetings.map((m) => privateNotesDocName(m.id, userId))));
  const used = new Set<string>();
  const recorded = new Set<string>();
  const context: ExportContext = {
    services,
    user,
    language: isLanguage(user.language) ? user.language : "nl",
    now,
    pairs,
    meetings,
    privateDocNames,
    async opened(meetingId) {
      if (recorded.has(meetingId)) return;
      recorded.add(meetingId);
      await recordMeetingOpen(services.db, meetingId, userId, "export", now);
    },
    uniquePath(path) {
      let candidate = path;
      for (let n = 2; used.has(candidate); n++) candidate = path.replace(/(\.[a-z]+)?$/, (ext) => `-${n}${ext}`);
      used.add(candidate);
      return candidate;
    },
  };
  const entries: ExportEntry[] = [];
  for (const part of EXPORT_PARTS) entries.push(...(await part(context)));
  entries.unshift(readmeFile(context, entries));
  const day = now.toISOString().slice(0, 10);
  return { filename: `koers-export-${day}.zip`, fileCount: entries.length, stream: zipStream(entries, now) };
}

/** The entries as one zip, made entry by entry as the reader pulls (backpressure), yielding between entries. */
export function zipStream(entries: ExportEntry[], mtime: Date): ReadableStream<Uint8Array> {
  let zip: Zip;
  let next = 0;
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      zip = new Zip((error, chunk, final) => {
        if (error) return controller.error(error);
        controller.enqueue(chunk);
        if (final) controller.close();
      });
    },
    async pull(controller) {
      const entry = entries[next++];
      if (!entry) {
        zip.end();
        return;
      }
      try {
        const made = await entry.make();
        const bytes = typeof made === "string" ? encoder.encode(made) : made;
        const file = entry.compress ? new ZipDeflate(entry.path, { level: 6 }) : new ZipPassThrough(entry.path);
        file.mtime = mtime;
        zip.add(file);
        file.push(bytes, true);
      } catch (error) {
        // The download fails (the reader sees it) rather than a zip with a file missing.
        logger.error(`the export file ${entry.path} could not be made`, error);
        throw error;
      }
      // Give everyone else a turn before the next file.
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
    cancel() {
      zip?.terminate();
    },
  });
}
