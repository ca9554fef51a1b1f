import { expect } from "vitest";
import type { KoersServer } from "../../server/koers-server";
import { MeetingField, meetingDocName, privateNotesDocName } from "../../app/collab/protocol";
import { fillEmptyField } from "../../app/editor/write-fields";
import { confirmReport, prefillReport, submitReport } from "../../app/reports/reports.server";
import { eventually } from "./test-server";
import { sqlRow, sqlRun, sqlText } from "./test-database";

// Seeding for the export, erasure and audit tests (issue #19): pairs of real accounts, meetings
// that took place with agenda, notes and agreements typed into their documents, confirmed
// reports (through the real workflow) and private notes.

/** Adds a pair with the given members (either may be missing). */
export async function seedPair(server: KoersServer, pair: { id: string; practice: string; aiosId?: string; opleiderId?: string; year?: 1 | 3 }): Promise<void> {
  const { db } = server.services;
  const creator = pair.aiosId ?? pair.opleiderId!;
  await sqlRun(db, sqlText("insert into pairs (id, practice_name, training_year, starts_on, ends_on, created_by) values (?, ?, ?, '2026-09-01', '2027-08-31', ?)", pair.id, pair.practice, pair.year ?? 3, creator));
  const member = (userId: string, role: string) => sqlRun(db, sqlText("insert into pair_members (pair_id, user_id, role) values (?, ?, ?)", pair.id, userId, role));
  if (pair.aiosId) await member(pair.aiosId, "aios");
  if (pair.opleiderId) await member(pair.opleiderId, "opleider");
}

export interface SeededMeeting {
  id: string;
  pairId: string;
  /** Words typed into the agenda, the notes and the agreements (distinctive, to look for). */
  agendaText: string;
  notesText: string;
  agreementText: string;
}

/** A taakgericht meeting that took place 13:00–13:50 (Amsterdam) on the date, with content typed into its document. */
export async function seedEndedMeeting(
  server: KoersServer,
  input: { id: string; pairId: string; createdBy: string; date?: string; marker: string },
): Promise<SeededMeeting> {
  const date = input.date ?? "2026-11-24";
  await sqlRun(
    server.services.db,
    sqlText(
      `insert into meetings (id, pair_id, kind, subkind, scheduled_at, planned_minutes, status, started_at, ended_at, created_by)
       values (?, ?, 'taakgericht', 'consultbespreking', ?, 45, 'afgerond', ?, ?, ?)`,
      input.id, input.pairId, `${date}T13:00`, `${date}T12:00:00.000Z`, `${date}T12:50:00.000Z`, input.createdBy,
    ),
  );
  const seeded: SeededMeeting = {
    id: input.id,
    pairId: input.pairId,
    agendaText: `Agendapunt ${input.marker}`,
    notesText: `Notitie ${input.marker}`,
    agreementText: `Afspraak ${input.marker}`,
  };
  await server.services.editDocument(meetingDocName(input.id), (doc) => {
    fillEmptyField(doc, MeetingField.agenda, {
      type: "doc",
      content: [{ type: "agendaItem", attrs: { id: `${input.id}-item-1`, done: true }, content: [{ type: "text", text: seeded.agendaText }] }],
    });
    fillEmptyField(doc, MeetingField.notes, {
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 2, agendaItemId: `${input.id}-item-1` }, content: [{ type: "text", text: seeded.agendaText }] },
        { type: "paragraph", content: [{ type: "text", text: seeded.notesText }] },
      ],
    });
    fillEmptyField(doc, MeetingField.agreements, {
      type: "doc",
      content: [
        { type: "agreement", attrs: { id: `${input.id}-agr-1`, owner: "aios", followUpDate: "2026-12-08", status: "open" }, content: [{ type: "text", text: seeded.agreementText }] },
      ],
    });
  });
  // The agreements table reads the document when it leaves memory (and within a second otherwise).
  await eventually(async () => expect(await sqlRow(server.services.db, sqlText("select count(*) as n from agreements where meeting_id = ?", input.id))).toEqual({ n: 1 }));
  return seeded;
}

/** Drafts, submits (aios) and confirms (opleider) the meeting's report through the real workflow. */
export async function confirmMeetingReport(server: KoersServer, meetingId: string, aiosId: string, opleiderId: string): Promise<void> {
  expect(await prefillReport(server.services, meetingId)).toMatchObject({ ok: true });
  expect(await submitReport(server.services, meetingId, aiosId)).toEqual({ ok: true });
  expect(await confirmReport(server.services, meetingId, opleiderId)).toEqual({ ok: true });
}

/** Writes a person's private notes for a meeting. */
export async function writePrivateNotes(server: KoersServer, meetingId: string, userId: string, text: string): Promise<void> {
  await server.services.editDocument(privateNotesDocName(meetingId, userId), (doc) => {
    fillEmptyField(doc, MeetingField.notes, { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
  });
}

/** How many stored rows (log and state) a document has. */
export async function docRowCount(server: KoersServer, docName: string): Promise<number> {
  const { db } = server.services;
  const log = (await sqlRow<{ n: number }>(db, sqlText("select count(*) as n from doc_updates where doc_name = ?", docName)))!;
  const state = (await sqlRow<{ n: number }>(db, sqlText("select count(*) as n from doc_states where doc_name = ?", docName)))!;
  return log.n + state.n;
}
