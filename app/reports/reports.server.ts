import type { JSONContent } from "@tiptap/core";
import { yXmlFragmentToProseMirrorRootNode } from "@tiptap/y-tiptap";
import { z } from "zod";
import { meetingDocName, MeetingField } from "../collab/protocol";
import { koersSchema } from "../editor/extensions";
import { readAgenda, readTextBlocks, type AgreementEntry } from "../editor/read-fields";
import { fillEmptyField } from "../editor/write-fields";
import { meetingAccess } from "../auth/access.server";
import { readVersionContent } from "../history/version-content";
import { feedbackOfMeeting } from "../consult-feedback/consult-feedback.server";
import { goalTitles } from "../goals/goals.server";
import type { AppServices } from "../services.server";
import { findMeeting } from "../../db/meetings";
import { findPair, listPairMembers } from "../../db/pairs";
import { findUserById } from "../../db/users";
import { listAgreementsOfMeeting } from "../../db/agreements";
import { ensureReport, findReport, moveReport } from "../../db/reports";
import type { Meeting, Report, ReportStatus } from "../../db/schema";
import type { FrozenReport, ReportData } from "./report-data";
import { buildReportDraft } from "./report-draft";
import { discussionOf, type DiscussionSection } from "./discussion";
import type * as Y from "yjs";
import { reportMarkdown } from "./report-markdown";
import { mailReportReturned, mailReportSubmitted } from "../mail/mail-notices.server";

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
  /** The name of who sent it back (the opleider), for "Teruggestuurd door …". */
  returnedByName: string | null;
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
  const returnedBy = row?.returned_by ? await findUserById(services.db, row.returned_by) : undefined;
  return {
    meetingId,
    status: row?.status ?? "concept",
    submittedAt: row?.submitted_at ?? null,
    returnedAt: row?.returned_at ?? null,
    returnComment: row?.return_comment ?? null,
    returnedByName: returnedBy?.name ?? null,
    confirmedAt: row?.confirmed_at ?? null,
    confirmedBy: row?.confirmed_by ?? null,
    aiosName: row?.aios_name ?? null,
    opleiderName: row?.opleider_name ?? null,
    readOnly: await services.isMeetingReadOnly(meetingId),
    frozenMarkdown: row?.frozen_markdown ?? null,
  };
}

/**
 * Fills the empty `report` field of an ended (afgerond) meeting with a Dutch draft: per agenda
 * item what the notes say under it, without unused template prompts (report-draft.ts). Called
 * when the meeting ends; a field that already has text is left alone (`filled: false`), so
 * calling it again is safe. Self-contained: whoever detects the end calls it with the services.
 */
export async function prefillReport(
  services: Pick<AppServices, "db" | "editDocument" | "isMeetingReadOnly">,
  meetingId: string,
): Promise<{ ok: true; filled: boolean } | { ok: false; problem: "notFound" | "meetingNotEnded" | "readOnly" }> {
  const meeting = await findMeeting(services.db, meetingId);
  if (!meeting) return { ok: false, problem: "notFound" };
  if (meeting.status !== "afgerond") return { ok: false, problem: "meetingNotEnded" };
  if (await services.isMeetingReadOnly(meetingId)) return { ok: false, problem: "readOnly" };
  await ensureReport(services.db, meetingId);
  let filled = false;
  // Read and fill in one transaction: a report typed meanwhile is never overwritten.
  await services.editDocument(meetingDocName(meetingId), (doc) => {
    if (doc.getXmlFragment(MeetingField.report).length > 0) return;
    filled = fillEmptyField(doc, MeetingField.report, buildReportDraft(discussionOfDoc(doc)));
  });
  return { ok: true, filled };
}

/** The notes per agenda item of a meeting's document. */
function discussionOfDoc(doc: Y.Doc): DiscussionSection[] {
  const notes = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(MeetingField.notes), koersSchema()).toJSON() as JSONContent;
  return discussionOf(readAgenda(doc), notes.content ?? []);
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
  await mailReportSubmitted(services, meetingId);
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
  await mailReportReturned(services, meetingId);
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
  if (row?.status !== "ingediend" || (await services.isMeetingReadOnly(meetingId))) return { ok: false, problem: "invalidState" };
  const names = await participantNames(services, checked.meeting.pair_id);
  const pair = await pairFacts(services, checked.meeting.pair_id);

  // Read-only first, on every instance, before the read: no change can slip in between what
  // is frozen and what the document holds (the other instances answer once what they accepted
  // before is stored and relayed here). Undone if storing the confirmation fails.
  await services.setMeetingReadOnly(meetingId, true);
  try {
    const confirmedAt = new Date().toISOString();
    // The consult feedback is read-only from here on too (its saves check the same flag).
    const records = { consultFeedback: await feedbackOfMeeting(services, meetingId) };
    const titles = await goalTitles(services, checked.meeting.pair_id);
    const frozen = await services.readDocument(meetingDocName(meetingId), (doc): FrozenReport => ({
      data: reportDataOf(checked.meeting, pair, names, readVersionContent(doc, records), discussionOfDoc(doc), { ...row, status: "bevestigd", confirmed_at: confirmedAt }, titles),
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
      await services.setMeetingReadOnly(meetingId, false);
      return { ok: false, problem: "invalidState" };
    }
  } catch (error) {
    await services.setMeetingReadOnly(meetingId, false);
    throw error;
  }
  await services.takeSnapshot(meetingId, "manual", { userId, label: "Verslag bevestigd" });
  notify(services, checked.meeting);
  return { ok: true };
}

/**
 * The report's data as shown now: frozen at confirmation, else read from the document; in
 * both, the agreements as they are now (a confirmed meeting's agreements are followed up in
 * the agreements table: a new date or "afgerond" shows in its report too). Null when the
 * meeting does not exist. The caller checks access to the meeting first.
 */
export async function readReportData(services: Pick<AppServices, "db" | "readDocument" | "isMeetingReadOnly">, meetingId: string): Promise<ReportData | null> {
  const meeting = await findMeeting(services.db, meetingId);
  if (!meeting) return null;
  const row = await findReport(services.db, meetingId);
  if (row?.status === "bevestigd" && row.frozen_content) {
    const frozen = (JSON.parse(row.frozen_content) as FrozenReport).data;
    return {
      ...frozen,
      pair: frozen.pair ?? (await pairFacts(services, meeting.pair_id)),
      content: { ...frozen.content, agreements: await agreementsAsNow(services, meetingId, frozen.content.agreements) },
    };
  }
  const names = await participantNames(services, meeting.pair_id);
  const pair = await pairFacts(services, meeting.pair_id);
  const records = { consultFeedback: await feedbackOfMeeting(services, meetingId) };
  const { content, discussion } = await services.readDocument(meetingDocName(meetingId), (doc) => ({ content: readVersionContent(doc, records), discussion: discussionOfDoc(doc) }));
  // The document is changed with the table by every review until it is read-only; afterwards the table leads.
  const agreements = (await services.isMeetingReadOnly(meetingId)) ? await agreementsAsNow(services, meetingId, content.agreements) : content.agreements;
  return reportDataOf(meeting, pair, names, { ...content, agreements }, discussion, row, await goalTitles(services, meeting.pair_id));
}

/** The agreements of a read-only document with their status, date and owner from the table, where it has them. */
async function agreementsAsNow(services: Pick<AppServices, "db">, meetingId: string, agreements: AgreementEntry[]): Promise<AgreementEntry[]> {
  const rows = new Map((await listAgreementsOfMeeting(services.db, meetingId)).map((r) => [r.id, r]));
  return agreements.map((a) => {
    const now = a.id ? rows.get(a.id) : undefined;
    return now ? { ...a, owner: now.owner, followUpDate: now.follow_up_date, status: now.status } : a;
  });
}

async function participantNames(services: Pick<AppServices, "db">, pairId: string): Promise<ReportData["participants"]> {
  const members = await listPairMembers(services.db, pairId);
  return {
    aios: members.find((m) => m.role === "aios")?.name ?? null,
    opleider: members.find((m) => m.role === "opleider")?.name ?? null,
  };
}

async function pairFacts(services: Pick<AppServices, "db">, pairId: string): Promise<ReportData["pair"]> {
  const pair = await findPair(services.db, pairId);
  return pair ? { practiceName: pair.practice_name, trainingYear: pair.training_year } : undefined;
}

function reportDataOf(
  meeting: Meeting,
  pair: ReportData["pair"],
  participants: ReportData["participants"],
  content: ReportData["content"],
  discussion: DiscussionSection[],
  row: Pick<Report, "status" | "submitted_at" | "confirmed_at"> | undefined,
  goalTitles: Record<string, string> = {},
): ReportData {
  return {
    goalTitles,
    meeting: {
      id: meeting.id,
      kind: meeting.kind,
      subkind: meeting.subkind,
      title: meeting.title,
      scheduledAt: meeting.scheduled_at,
      startedAt: meeting.started_at,
      endedAt: meeting.ended_at,
    },
    pair,
    participants,
    content,
    discussion,
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
