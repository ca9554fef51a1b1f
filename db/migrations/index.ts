import type { Migration } from "kysely";
import * as collabPersistence from "./2026-11-23-001-collab-persistence";
import * as accountsAndPairs from "./2026-11-23-002-accounts-and-pairs";
import * as meetings from "./2026-11-23-003-meetings";
import * as agreements from "./2026-11-23-004-agreements";
import * as historyAndReports from "./2026-11-23-005-history-and-reports";
import * as calendarTokenIndex from "./2026-11-23-006-calendar-token-index";
import * as docStore from "./2026-12-01-007-doc-store";
import * as devicesNoticesLeadVersion from "./2026-12-01-008-devices-notices-lead-version";
import * as versionSaves from "./2026-12-01-009-version-saves";
import * as mail from "./2026-12-01-010-mail";
import * as goalsAndConsultFeedback from "./2026-12-01-011-goals-and-consult-feedback";
import * as yourData from "./2026-12-01-012-your-data";

/**
 * Every migration, by name, in the order they run. Listed statically (not read from
 * the folder at run time) so the bundled server carries them.
 */
export const migrations: Record<string, Migration> = {
  "2026-11-23-001-collab-persistence": collabPersistence,
  "2026-11-23-002-accounts-and-pairs": accountsAndPairs,
  "2026-11-23-003-meetings": meetings,
  "2026-11-23-004-agreements": agreements,
  "2026-11-23-005-history-and-reports": historyAndReports,
  "2026-11-23-006-calendar-token-index": calendarTokenIndex,
  "2026-12-01-007-doc-store": docStore,
  "2026-12-01-008-devices-notices-lead-version": devicesNoticesLeadVersion,
  "2026-12-01-009-version-saves": versionSaves,
  "2026-12-01-010-mail": mail,
  "2026-12-01-011-goals-and-consult-feedback": goalsAndConsultFeedback,
  "2026-12-01-012-your-data": yourData,
};
