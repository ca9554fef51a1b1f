import type { Generated, Insertable, Selectable, Updateable } from "kysely";

/** One accepted Yjs update, appended before it is broadcast (write-ahead log). */
export interface DocUpdateTable {
  id: Generated<number>;
  doc_name: string;
  update: Uint8Array;
  created_at: Generated<string>;
}
export type DocUpdate = Selectable<DocUpdateTable>;
export type NewDocUpdate = Insertable<DocUpdateTable>;

/**
 * The compacted state of a document. The log rows it covers were deleted in the same
 * transaction, so every row left in doc_updates is newer than it.
 */
export interface DocStateTable {
  doc_name: string;
  state: Uint8Array;
  /** The highest log row id the state covered when it was written (informational). */
  through_update_id: number;
  /** Bumped by every compaction: one that did not start from this version merges instead of overwriting. */
  version: Generated<number>;
  updated_at: string;
}
export type DocState = Selectable<DocStateTable>;

/** The account that first used a Yjs client id in a document: only it may write under that id (issue #13.4). */
export interface DocClientOwnerTable {
  doc_name: string;
  client_id: number;
  user_id: string;
  first_seen_at: Generated<string>;
}
export type DocClientOwner = Selectable<DocClientOwnerTable>;

export type Role = "aios" | "opleider";

export interface UserTable {
  id: string;
  name: string;
  /** Stored lower-cased and trimmed, so sign-in is case-insensitive. */
  email: string;
  password_hash: string;
  created_at: Generated<string>;
  /** The hash of the secret in the user's calendar feed URL; null when no feed is active. */
  calendar_token_hash: string | null;
  /** The language last chosen while logged in ("nl" | "en"); null: never chose (mails are Dutch). */
  language: string | null;
  /** The IANA time zone reminders are computed in. */
  time_zone: Generated<string>;
}
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;

export interface SessionTable {
  token_hash: string;
  user_id: string;
  created_at: Generated<string>;
  expires_at: string;
}
export type Session = Selectable<SessionTable>;

/** A koppel: one opleider and one aios for a training period. */
export interface PairTable {
  id: string;
  practice_name: string;
  training_year: 1 | 3;
  starts_on: string;
  ends_on: string;
  created_by: string;
  created_at: Generated<string>;
  /** The pair's norm settings as JSON (app/norms/settings.ts); null means the defaults. */
  norm_settings: string | null;
}
export type Pair = Selectable<PairTable>;
export type NewPair = Insertable<PairTable>;

export interface PairMemberTable {
  pair_id: string;
  user_id: string;
  role: Role;
  joined_at: Generated<string>;
}
export type PairMember = Selectable<PairMemberTable>;

export interface InviteTable {
  token_hash: string;
  pair_id: string;
  /** The role the invited person gets: the one the pair still lacks. */
  role: Role;
  created_by: string;
  created_at: Generated<string>;
  expires_at: string;
  used_at: string | null;
  used_by: string | null;
}
export type Invite = Selectable<InviteTable>;

export type MeetingStatus = "gepland" | "bezig" | "afgerond";

/** A leergesprek of a pair, with the lead state the aios sets through the server. */
export interface MeetingTable {
  id: string;
  pair_id: string;
  /** One of the kinds in the kind registry (app/meetings/kinds.ts), which checks it on every write; the database does not know the list. */
  kind: string;
  /** The sub-form of a taakgericht gesprek (e.g. consultbespreking); null otherwise. */
  subkind: string | null;
  title: string | null;
  scheduled_at: string;
  planned_minutes: Generated<number>;
  status: Generated<MeetingStatus>;
  started_at: string | null;
  ended_at: string | null;
  current_item_id: string | null;
  timer_item_id: string | null;
  timer_running_since: string | null;
  timer_elapsed_ms: Generated<number>;
  /** Raised by every stored lead command: each is a compare-and-set on it (app/meetings/lead.server.ts). */
  lead_version: Generated<number>;
  created_by: string;
  created_at: Generated<string>;
}
export type Meeting = Selectable<MeetingTable>;
export type NewMeeting = Insertable<MeetingTable>;
export type MeetingUpdate = Updateable<MeetingTable>;

/** One agreement as last read from its meeting's document. */
export interface AgreementTable {
  meeting_id: string;
  id: string;
  pair_id: string;
  text: string;
  owner: "aios" | "opleider" | "samen";
  follow_up_date: string | null;
  status: "open" | "afgerond" | "vervallen";
  position: number;
  created_at: Generated<string>;
  updated_at: Generated<string>;
  removed_at: string | null;
  /** The learning goal it works towards (the node's goalId), or null. */
  goal_id: string | null;
}
export type AgreementRow = Selectable<AgreementTable>;

export const SNAPSHOT_REASONS = ["interval", "lastLeft", "meetingEnded", "manual", "beforeRestore"] as const;
/** Why a snapshot was taken: the edit timer, the last person leaving, the meeting's end, "Versie opslaan", or just before a restore. */
export type SnapshotReason = (typeof SNAPSHOT_REASONS)[number];

/** A full encoded state of a meeting's document at one moment (history, restore). */
export interface SnapshotTable {
  id: Generated<number>;
  meeting_id: string;
  doc_name: string;
  state: Uint8Array;
  taken_at: Generated<string>;
  reason: SnapshotReason;
  label: string | null;
  /** Who asked for it (manual, beforeRestore, meetingEnded); null for the server's own. */
  taken_by: string | null;
}
export type Snapshot = Selectable<SnapshotTable>;
export type NewSnapshot = Insertable<SnapshotTable>;

/** A browser that logged into an account before (its device cookie): that account's failed-login limit does not hold it back. */
export interface TrustedDeviceTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  last_login_at: string;
}
export type TrustedDevice = Selectable<TrustedDeviceTable>;

export const ACCOUNT_NOTICE_KINDS = ["signUpAttempt"] as const;
/** What an account's owner is told at their next login: someone tried to sign up with their address. */
export type AccountNoticeKind = (typeof ACCOUNT_NOTICE_KINDS)[number];

export interface AccountNoticeTable {
  id: string;
  user_id: string;
  kind: AccountNoticeKind;
  first_at: string;
  last_at: string;
  /** How often it happened between first_at and last_at (repeats raise it, not the row count). */
  count: Generated<number>;
  seen_at: string | null;
}
export type AccountNotice = Selectable<AccountNoticeTable>;

export type ReportStatus = "concept" | "ingediend" | "teruggestuurd" | "bevestigd";

/** The report (verslag) workflow of one meeting; its text lives in the document's `report` field until confirmed. */
export interface ReportTable {
  meeting_id: string;
  status: Generated<ReportStatus>;
  submitted_at: string | null;
  submitted_by: string | null;
  returned_at: string | null;
  returned_by: string | null;
  return_comment: string | null;
  confirmed_at: string | null;
  confirmed_by: string | null;
  /** The confirmed report as Markdown (what exports hand out). */
  frozen_markdown: string | null;
  /** The confirmed report's data as JSON (ReportData in app/reports/report-data.ts). */
  frozen_content: string | null;
  aios_name: string | null;
  opleider_name: string | null;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}
export type Report = Selectable<ReportTable>;
export type ReportUpdate = Updateable<ReportTable>;

/** When a meeting's last manual version ("Versie opslaan") was saved: at most one a minute. */
export interface VersionSaveTable {
  meeting_id: string;
  saved_at: string;
}

// E-mail (issue #18)

export type MailJobStatus = "queued" | "running" | "sent" | "skipped" | "dead";

/** One mail to send: queued, claimed by one instance (conditional update), retried with backoff, then sent, skipped or dead. */
export interface MailJobTable {
  id: string;
  kind: string;
  /** Makes a scheduled job idempotent, e.g. "meetingReminder:<meeting>:<user>:<date>"; null for one-off mails. */
  unique_key: string | null;
  /** The recipient's account, when they have one. */
  user_id: string | null;
  to_address: string;
  /** JSON: what the mail is about (app/mail/mail-kinds.ts). */
  payload: string;
  status: MailJobStatus;
  attempts: number;
  max_attempts: number;
  /** When it may be tried (next). */
  run_at: string;
  claimed_by: string | null;
  lease_until: string | null;
  last_error: string | null;
  result: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}
export type MailJob = Selectable<MailJobTable>;
export type NewMailJob = Insertable<MailJobTable>;

/** An address that switched one kind of mail off (works for people without an account too). */
export interface MailOptOutTable {
  address: string;
  kind: string;
  created_at: string;
}

/** A one-time "Wachtwoord vergeten" link: only its token's hash is stored. */
export interface PasswordResetTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}
export type PasswordReset = Selectable<PasswordResetTable>;

// Learning goals and consult feedback (issue #17)

export type GoalStatus = "actief" | "behaald" | "bijgesteld" | "gestopt";

/** One learning goal of the aios's individual learning plan (IOP) in a pair. */
export interface LearningGoalTable {
  id: string;
  pair_id: string;
  what: string;
  why: string;
  how: string;
  /** How they will know it is reached. */
  evidence: string;
  /** "YYYY-MM-DD" */
  evaluate_on: string;
  /** One of the seven competency areas (app/goals/goal-forms.ts), or null. */
  competency: string | null;
  status: GoalStatus;
  /** Raised by every change: a change made from an older copy is refused (compare-and-set). */
  revision: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}
export type LearningGoal = Selectable<LearningGoalTable>;

export type GoalEventKind = "created" | "edited" | "status" | "comment";

/** The history of a goal: created, text edited, status changed (from → to, note), comments. */
export interface LearningGoalEventTable {
  id: string;
  goal_id: string;
  kind: GoalEventKind;
  from_status: GoalStatus | null;
  to_status: GoalStatus | null;
  text: string | null;
  /** For "created": "suggestion:<id>" or "feedback:<form id>" when it came from there. */
  source: string | null;
  by_user: string | null;
  by_role: Role;
  at: string;
}
export type LearningGoalEvent = Selectable<LearningGoalEventTable>;

export type SuggestionStatus = "open" | "accepted" | "declined";

/** A learning goal the opleider suggested; the aios takes it over (it becomes a goal) or declines it. */
export interface LearningGoalSuggestionTable {
  id: string;
  pair_id: string;
  what: string;
  why: string;
  suggested_by: string | null;
  suggested_at: string;
  status: SuggestionStatus;
  decided_by: string | null;
  decided_at: string | null;
  decline_note: string | null;
  goal_id: string | null;
}
export type LearningGoalSuggestion = Selectable<LearningGoalSuggestionTable>;

/** One feedback form on a consult recording in a meeting (its content: app/consult-feedback/feedback-content.ts). */
export interface ConsultFeedbackTable {
  id: string;
  meeting_id: string;
  pair_id: string;
  position: number;
  /** The form as JSON. */
  content: string;
  revision: number;
  /** When it first held feedback of the opleider. */
  feedback_given_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}
export type ConsultFeedbackRow = Selectable<ConsultFeedbackTable>;

/** Every saved revision of a form, so a version of the meeting shows the form as it was then. */
export interface ConsultFeedbackRevisionTable {
  feedback_id: string;
  revision: number;
  meeting_id: string;
  content: string;
  saved_by: string | null;
  saved_at: string;
}
// Your data (issue #19)

/** Through which channel a member opened a meeting's documents. */
export const AUDIT_CHANNELS = ["page", "print", "markdown", "pdf", "history", "export", "yjs", "live"] as const;
export type AuditChannel = (typeof AUDIT_CHANNELS)[number];

/** Who opened a meeting's documents: one row per (meeting, member, channel, 10-minute window), no content. */
export interface AuditLogTable {
  meeting_id: string;
  user_id: string;
  channel: AuditChannel;
  /** Start of the 10-minute window (ISO). */
  window_start: string;
  first_at: string;
  last_at: string;
  /** How many opens the window holds. */
  count: Generated<number>;
}
export type AuditLogRow = Selectable<AuditLogTable>;

export type AgreementChangeKind = "added" | "status" | "followUpDate" | "owner" | "removed" | "restored";

/** One change of an agreement's status, follow-up date or owner (written by triggers on `agreements`). */
export interface AgreementChangeTable {
  id: Generated<number>;
  meeting_id: string;
  agreement_id: string;
  pair_id: string;
  changed_at: string;
  change: AgreementChangeKind;
  old_value: string | null;
  new_value: string | null;
}
export type AgreementChange = Selectable<AgreementChangeTable>;

/** The typed shape of the whole database, used by every repository. */
export interface Database {
  doc_updates: DocUpdateTable;
  doc_states: DocStateTable;
  doc_client_owners: DocClientOwnerTable;
  users: UserTable;
  sessions: SessionTable;
  pairs: PairTable;
  pair_members: PairMemberTable;
  invites: InviteTable;
  meetings: MeetingTable;
  agreements: AgreementTable;
  snapshots: SnapshotTable;
  reports: ReportTable;
  version_saves: VersionSaveTable;
  mail_jobs: MailJobTable;
  mail_opt_outs: MailOptOutTable;
  password_resets: PasswordResetTable;
  audit_log: AuditLogTable;
  agreement_changes: AgreementChangeTable;
  trusted_devices: TrustedDeviceTable;
  account_notices: AccountNoticeTable;
  learning_goals: LearningGoalTable;
  learning_goal_events: LearningGoalEventTable;
  learning_goal_suggestions: LearningGoalSuggestionTable;
  consult_feedback: ConsultFeedbackTable;
  consult_feedback_revisions: ConsultFeedbackRevisionTable;
}
