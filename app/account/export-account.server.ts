import { listOptOuts } from "../../db/mail-settings";
import { listAuditOfPairs, listSessionTimes } from "../../db/your-data";
import { toCsv } from "./csv";
import type { ExportPart } from "./export.server";

/** account.json: the account, its settings, sessions (times only), pairs and meetings. */
export const accountFiles: ExportPart = async (context) => {
  const { services, user, pairs, meetings, now } = context;
  return [
    {
      path: context.uniquePath("account.json"),
      compress: true,
      async make() {
        const account = {
          exportedAt: now.toISOString(),
          account: {
            id: user.id,
            name: user.name,
            email: user.email,
            createdAt: user.created_at,
            language: user.language,
            timeZone: user.time_zone,
            // The feed's secret is only stored as a hash: whether it is on is all there is to tell.
            calendarFeedActive: user.calendar_token_hash !== null,
          },
          mail: { switchedOff: await listOptOuts(services.db, user.email) },
          sessions: await listSessionTimes(services.db, user.id),
          pairs: pairs.map((p) => ({
            practice: p.practiceName,
            trainingYear: p.trainingYear,
            startsOn: p.startsOn,
            endsOn: p.endsOn,
            yourRole: p.role,
            joinedAt: p.joinedAt,
            partner: p.partnerName,
            meetings: meetings.filter((m) => m.pair_id === p.pairId).length,
          })),
          meetings: meetings.map((m) => ({
            id: m.id,
            practice: pairs.find((p) => p.pairId === m.pair_id)?.practiceName ?? null,
            kind: m.kind,
            subkind: m.subkind,
            title: m.title,
            scheduledAt: m.scheduled_at,
            plannedMinutes: m.planned_minutes,
            status: m.status,
            startedAt: m.started_at,
            endedAt: m.ended_at,
            report: m.report_status ? { status: m.report_status, submittedAt: m.submitted_at, confirmedAt: m.confirmed_at } : null,
          })),
        };
        return JSON.stringify(account, null, 2) + "\n";
      },
    },
  ];
};

/** geopend-door.csv: who opened each of the person's meetings, when and how (the audit log; no content). */
export const auditFiles: ExportPart = async (context) => [
  {
    path: context.uniquePath("geopend-door.csv"),
    compress: true,
    async make() {
      const rows = await listAuditOfPairs(
        context.services.db,
        context.pairs.map((p) => p.pairId),
      );
      return toCsv(
        ["gesprek_datum", "gesprek_id", "wie", "rol", "hoe", "eerste_keer", "laatste_keer", "aantal"],
        rows.map((r) => [r.meetingDate, r.meetingId, r.name, r.role, r.channel, r.firstAt, r.lastAt, r.count]),
      );
    },
  },
];
