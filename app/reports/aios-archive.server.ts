import type { AppServices } from "../services.server";
import { findUserById } from "../../db/users";
import { listConfirmedReportsOfAios } from "../../db/reports";
import { readReportData } from "./reports.server";
import { reportMarkdown } from "./report-markdown";
import { markdownText } from "./markdown-text";

/** One download: its file name, content type and body. */
export interface ArchiveFile {
  filename: string;
  contentType: string;
  body: string;
  /** How many confirmed reports it holds. */
  reportCount: number;
}

/**
 * All confirmed reports of one aios (every pair they were the aios of) as one Markdown
 * file, oldest meeting first, each as confirmed with its agreements as they are now (the
 * same text as its own report.md). One file rather than a .zip: no zip library is
 * installed. The caller checks who may download it.
 */
export async function exportAiosArchive(services: Pick<AppServices, "db" | "readDocument" | "isMeetingReadOnly">, aiosUserId: string, now = new Date()): Promise<ArchiveFile> {
  const user = await findUserById(services.db, aiosUserId);
  const reports = await listConfirmedReportsOfAios(services.db, aiosUserId);
  const name = user?.name ?? "aios";
  const header = [
    `# Verslagen van ${markdownText(name)}`,
    "",
    `${reports.length} bevestigde ${reports.length === 1 ? "verslag" : "verslagen"}, geëxporteerd uit Koers op ${now.toISOString().slice(0, 10)}.`,
    "",
  ].join("\n");
  const parts: string[] = [];
  for (const r of reports) {
    const data = await readReportData(services, r.meeting_id);
    parts.push((data ? reportMarkdown(data) : (r.frozen_markdown ?? "")).trim());
  }
  const body = [header, ...parts].join("\n\n---\n\n") + "\n";
  const slug = name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "aios";
  return { filename: `koers-verslagen-${slug}-${now.toISOString().slice(0, 10)}.md`, contentType: "text/markdown; charset=utf-8", body, reportCount: reports.length };
}
