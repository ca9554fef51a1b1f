import type { JSONContent } from "@tiptap/core";
import { yXmlFragmentToProseMirrorRootNode } from "@tiptap/y-tiptap";
import { z } from "zod";
import { meetingDocName, MeetingField } from "../collab/protocol";
import { koersSchema } from "../editor/extensions";
import { readTextBlocks } from "../editor/read-fields";
import { fillEmptyField } from "../editor/write-fields";
import { meetingAccess } from "../auth/access.server";
import { readVersionContent } from "../history/version-content";
import type { AppServices } from "../services.server";
import { findMeeting } from "../../db/meetings";
import { listPairMembers } from "../../db/pairs";
import { ensureReport, findReport, moveReport } from "../../db/reports";
import type { Meeting, Report, ReportStatus } from "../../db/schema";
import type { FrozenReport, ReportData } from "./report-data";
import { buildReportDraft } from "./report-draft";
import { reportMarkdown } from "./report-markdown";

// The report (verslag) of a meeting: the aios writes it in the document's `report` field
// after the meeting (from a draft the server fills in), submits it; the opleider sends it
// back with a comment or confirms it. Confirmed, it is frozen: its final content and both
// names are stored, a version is saved, and the meeting's document becomes read-only.
//
//   concept ──submit (aios)──► ingediend ──confirm (opleider)──► bevestigd (read-only)
//        ▲                        │
//        └──submit── teruggestuurd ◄──sendBack (opleider, with a comment)

export type ReportProblem =
  | "notFound"
  | "forbidden"
  | "onlyAios"
  | "onlyOpleider"
  | "meetingNotEnded"
  | "invalidState"
  | "emptyReport"
  | "commentRequired"
  | "readOnly";
export type ReportResult = { ok: true } | { ok: false; problem: ReportProblem };

type ReportServices = Pick<AppServices, "db" | "live" | "readDocument" | "editDocument" | "takeSnapshot" | "isMeetingReadOnly" | "setMeetingReadOnly">;

/** What a report page needs to know about the workflow (no row yet reads as a concept). */
export interface ReportState {
  meetingId: string;
  status: ReportStatus;
  submittedAt: string | null;
  returnedAt: string | null;
  /** The opleider's comment of the last send-back. */
  returnComment: string | null;
  confirmedAt: string | null;
  confirmedBy: string | null;
  aiosName: string | null;
  opleiderName: string | null;
  /** Whether the meeting's document is read-only (confirmed). */
  readOnly: boolean;
  /** The confirmed report as Markdown; null until confirmed. */
  frozenMarkdown: string | null;
}

/** The report's workflow state. The caller checks access to the meeting first. */
export async function getReport(services: Pick<AppServices, "db" | "isMeetingReadOnly">, meetingId: string): Promise<ReportState> {
  const row = await findReport(services.db, meetingId);
  return {
    meetingId,
    status: row?.status ?? "concept",
    submittedAt: row?.submitted_at ?? null,
    returnedAt: row?.returned_at ?? null,
    returnComment: row?.return_comment ?? null,
    confirmedAt: row?.confirmed_at ?? null,
    confirmedBy: row?.confirmed_by ?? null,
    aiosName: row?.aios_name ?? null,
    opleiderName: row?.opleider_name ?? null,
    readOnly: services.isMeetingReadOnly(meetingId),
    frozenMarkdown: row?.frozen_markdown ?? null,
  };
}

/**
 * Fills the empty `report` field of an ended (afgerond) meeting with a Dutch draft built
 * from its agenda, notes and agreements. A field that already has text is left alone
 * (`filled: false`), so calling this on every visit of the report page is safe.
 */
export async function prefillReport(
  services: Pick<AppServices, "db" | "editDocument" | "isMeetingReadOnly">,
  meetingId: string,
): Promise<{ ok: true; filled: boolean } | { ok: false; problem: "notFound" | "meetingNotEnded" | "readOnly" }> {
  const meeting = await findMeeting(services.db, meetingId);
  if (!meeting) return { ok: false, problem: "notFound" };
  if (meeting.status !== "afgerond") return { ok: false, problem: "meetingNotEnded" };
  if (services.isMeetingReadOnly(meetingId)) return { ok: false, problem: "readOnly" };
  await ensureReport(services.db, meetingId);
  let filled = false;
  // Read and fill in one transaction: a report typed meanwhile is never overwritten.
  await services.editDocument(meetingDocName(meetingId), (doc) => {
    if (doc.getXmlFragment(MeetingField.report).length > 0) return;
    filled = fillEmptyField(doc, MeetingField.report, buildReportDraft(readVersionContent(doc)));
  });
  return { ok: true, filled };
}

/** The aios submits the report of an ended meeting (from concept, or again after a send-back). */
export async function submitReport(services: ReportServices, meetingId: string, userId: string): Promise<ReportResult> {
  const checked = await checkActor(services, meetingId, userId, "aios");
  if (!checked.ok) return checked;
  if (checked.meeting.status !== "afgerond") return { ok: false, problem: "meetingNotEnded" };
  const hasText = await services.readDocument(meetingDocName(meetingId), (doc) => readTextBlocks(doc, MeetingField.report).length > 0);
  if (!hasText) return { ok: false, problem: "emptyReport" };
  await ensureReport(services.db, meetingId);
  const moved = await moveReport(services.db, meetingId, ["concept", "teruggestuurd"], {
    status: "ingediend",
    submitted_at: new Date().toISOString(),
    submitted_by: userId,
  });
  if (!moved) return { ok: false, problem: "invalidState" };
  notify(services, checked.meeting);
  return { ok: true };
}

export const sendBackSchema = z.object({ comment: z.string().trim().min(1, "commentRequired").max(2000) });

/** The opleider sends a submitted report back to the aios with a comment. */
export async function sendBack(services: ReportServices, meetingId: string, userId: string, comment: string): Promise<ReportResult> {
  const checked = await checkActor(services, meetingId, userId, "opleider");
  if (!checked.ok) return checked;
  const parsed = sendBackSchema.safeParse({ comment });
  if (!parsed.success) return { ok: false, problem: "commentRequired" };
  const moved = await moveReport(services.db, meetingId, ["ingediend"], {
    status: "teruggestuurd",
    returned_at: new Date().toISOString(),
    returned_by: userId,
    return_comment: parsed.data.comment,
  });
  if (!moved) return { ok: false, problem: "invalidState" };
  notify(services, checked.meeting);
  return { ok: true };
}

/**
 * The opleider confirms a submitted report. From then on the meeting's document is
 * read-only: the final report content, both names and the times are stored, and a version
 * ("Verslag bevestigd") is saved.
 */
export async function confirmReport(services: ReportServices, meetingId: string, userId: string): Promise<ReportResult> {
  const checked = await checkActor(services, meetingId, userId, "opleider");
  if (!checked.ok) return checked;
  const row = await findReport(services.db, meetingId);
  if (row?.status !== "ingediend" || services.isMeetingReadOnly(meetingId)) return { ok: false, problem: "invalidState" };
  const members = await listPairMembers(services.db, checked.meeting.pair_id);
  const names = {
    aios: members.find((m) => m.role === "aios")?.name ?? null,
    opleider: members.find((m) => m.role === "opleider")?.name ?? null,
  };

  // Read-only first, in the same turn as the read: no change can slip in between what is
  // frozen and what the document holds. Undone if storing the confirmation fails.
  services.setMeetingReadOnly(meetingId, true);
  try {
    const confirmedAt = new Date().toISOString();
    const frozen = await services.readDocument(meetingDocName(meetingId), (doc): FrozenReport => ({
      data: reportDataOf(checked.meeting, names, readVersionContent(doc), { ...row, status: "bevestigd", confirmed_at: confirmedAt }),
      reportDocument: yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(MeetingField.report), koersSchema()).toJSON() as JSONContent,
    }));
    const moved = await moveReport(services.db, meetingId, ["ingediend"], {
      status: "bevestigd",
      confirmed_at: confirmedAt,
      confirmed_by: userId,
      aios_name: names.aios,
      opleider_name: names.opleider,
      frozen_markdown: reportMarkdown(frozen.data),
      frozen_content: JSON.stringify(frozen),
    });
    if (!moved) {
      services.setMeetingReadOnly(meetingId, false);
      return { ok: false, problem: "invalidState" };
    }
  } catch (error) {
    services.setMeetingReadOnly(meetingId, false);
    throw error;
  }
  await services.takeSnapshot(meetingId, "manual", { userId, label: "Verslag bevestigd" });
  notify(services, checked.meeting);
  return { ok: true };
}

/**
 * The report's data as shown now: frozen at confirmation, else read from the document.
 * Null when the meeting does not exist. The caller checks access to the meeting first.
 */
export async function readReportData(services: Pick<AppServices, "db" | "readDocument">, meetingId: string): Promise<ReportData | null> {
  const meeting = await findMeeting(services.db, meetingId);
  if (!meeting) return null;
  const row = await findReport(services.db, meetingId);
  if (row?.status === "bevestigd" && row.frozen_content) return (JSON.parse(row.frozen_content) as FrozenReport).data;
  const members = await listPairMembers(services.db, meeting.pair_id);
  const names = {
    aios: members.find((m) => m.role === "aios")?.name ?? null,
    opleider: members.find((m) => m.role === "opleider")?.name ?? null,
  };
  return reportDataOf(meeting, names, await services.readDocument(meetingDocName(meetingId), readVersionContent), row);
}

function reportDataOf(
  meeting: Meeting,
  participants: ReportData["participants"],
  content: ReportData["content"],
  row: Pick<Report, "status" | "submitted_at" | "confirmed_at"> | undefined,
): ReportData {
  return {
    meeting: {
      id: meeting.id,
      kind: meeting.kind,
      subkind: meeting.subkind,
      title: meeting.title,
      scheduledAt: meeting.scheduled_at,
      startedAt: meeting.started_at,
      endedAt: meeting.ended_at,
    },
    participants,
    content,
    status: row?.status ?? "concept",
    submittedAt: row?.submitted_at ?? null,
    confirmedAt: row?.confirmed_at ?? null,
  };
}

/** The meeting, when the user is its pair's member in the required role. */
async function checkActor(
  services: Pick<AppServices, "db">,
  meetingId: string,
  userId: string,
  role: "aios" | "opleider",
): Promise<{ ok: true; meeting: Meeting } | { ok: false; problem: ReportProblem }> {
  const access = await meetingAccess(services.db, userId, meetingId);
  if (!access.ok) return { ok: false, problem: access.status === 404 ? "notFound" : "forbidden" };
  if (access.role !== role) return { ok: false, problem: role === "aios" ? "onlyAios" : "onlyOpleider" };
  return { ok: true, meeting: access.meeting };
}

function notify(services: Pick<AppServices, "live">, meeting: Meeting): void {
  services.live.meetingChanged(meeting.id);
  services.live.pairChanged(meeting.pair_id);
}
