import type { ExportContext, ExportPart } from "./export.server";
import { goalTitles, learningPlan } from "../goals/goals.server";
import { listGoalEventsOfPair, listSuggestionsOfPair } from "../../db/goals";
import { feedbackOfMeeting } from "../consult-feedback/consult-feedback.server";
import { itemsInOrder } from "../consult-feedback/feedback-content";
import { nl } from "../i18n/nl";
import { toCsv } from "./csv";

// The learning goals (the aios's IOP, issue #17) and the feedback on consult recordings in the
// export: for the pairs the person is the aios of (like the reports, they are the aios's
// portfolio), leerdoelen.csv, leerdoelen-geschiedenis.csv (every status change, edit and
// comment) and consultfeedback.csv (one row per part given feedback on, per form). An opleider
// takes what they wrote themselves: their comments on the goals and their suggestions
// (leerdoel-opmerkingen.csv); the goals stay the aios's.

function aiosPairs(context: ExportContext) {
  return context.pairs.filter((p) => p.role === "aios");
}

/** The three CSV files; none when the person is nobody's aios or has neither goals nor feedback. */
export const learningGoalFiles: ExportPart = async (context) => {
  const pairs = aiosPairs(context);
  if (pairs.length === 0) return [];
  const plans = await Promise.all(pairs.map(async (p) => ({ pair: p, plan: await learningPlan(context.services, p.pairId), events: await listGoalEventsOfPair(context.services.db, p.pairId) })));
  const pairIds = new Set(pairs.map((p) => p.pairId));
  const meetings = context.meetings.filter((m) => pairIds.has(m.pair_id));
  const feedback = (await Promise.all(meetings.map(async (m) => ({ meeting: m, forms: await feedbackOfMeeting(context.services, m.id) })))).filter((f) => f.forms.length > 0);
  const files = [];
  if (plans.some((p) => p.plan.goals.length > 0 || p.plan.suggestions.length > 0)) {
    files.push(
      {
        path: context.uniquePath("leerdoelen.csv"),
        compress: true,
        async make() {
          return toCsv(
            ["praktijk", "leerdoel", "waarom", "hoe", "wanneer_bereikt", "evaluatiedatum", "competentiegebied", "status", "gemaakt", "laatst_gewijzigd", "leerdoel_id"],
            plans.flatMap(({ pair, plan }) =>
              plan.goals.map((g) => [pair.practiceName, g.what, g.why, g.how, g.evidence, g.evaluateOn, g.competency, g.status, g.createdAt, g.updatedAt, g.id]),
            ),
          );
        },
      },
      {
        path: context.uniquePath("leerdoelen-geschiedenis.csv"),
        compress: true,
        async make() {
          const titles = new Map(plans.flatMap(({ plan }) => plan.goals.map((g) => [g.id, g.what] as const)));
          return toCsv(
            ["moment", "leerdoel", "soort", "van", "naar", "tekst", "door", "rol", "leerdoel_id"],
            plans.flatMap(({ events }) => events.map((e) => [e.at, titles.get(e.goal_id) ?? "", e.kind, e.from_status, e.to_status, e.text, e.by_name, e.by_role, e.goal_id])),
          );
        },
      },
    );
  }
  if (feedback.length > 0) {
    files.push({
      path: context.uniquePath("consultfeedback.csv"),
      compress: true,
      async make() {
        const rows: Array<Array<string | number | null>> = [];
        for (const { meeting, forms } of feedback) {
          for (const form of forms) {
            const base = [meeting.scheduled_at.slice(0, 10), form.consultDate, form.description, form.learningQuestion];
            for (const item of itemsInOrder(form)) {
              if (item.score === null && !item.comment) continue;
              rows.push([...base, nl.consultFeedback.items[item.id].label, item.score === null ? null : String(item.score), item.comment, meeting.id, form.id]);
            }
            if (form.overall) rows.push([...base, nl.consultFeedback.overall, null, form.overall, meeting.id, form.id]);
            for (const l of form.leerpunten) rows.push([...base, "Leerpunt", null, l.text, meeting.id, form.id]);
          }
        }
        return toCsv(["gesprek_datum", "consult_datum", "beschrijving", "leervraag", "onderdeel", "score", "toelichting", "gesprek_id", "formulier_id"], rows);
      },
    });
  }
  return files;
};

/** For the pairs the person is the opleider of: their own comments on goals and their suggestions, one row each; no file when there are none. */
export const opleiderGoalFiles: ExportPart = async (context) => {
  const pairs = context.pairs.filter((p) => p.role === "opleider");
  const rows: Array<Array<string | null>> = [];
  for (const pair of pairs) {
    const titles = await goalTitles(context.services, pair.pairId);
    for (const e of await listGoalEventsOfPair(context.services.db, pair.pairId)) {
      if (e.by_user === context.user.id && e.kind === "comment") rows.push([e.at, pair.practiceName, "opmerking", titles[e.goal_id] ?? "", e.text, null, e.goal_id]);
    }
    for (const s of await listSuggestionsOfPair(context.services.db, pair.pairId)) {
      if (s.suggested_by === context.user.id) rows.push([s.suggested_at, pair.practiceName, "voorstel", s.what, s.why, s.status, s.goal_id]);
    }
  }
  if (rows.length === 0) return [];
  rows.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  return [
    {
      path: context.uniquePath("leerdoel-opmerkingen.csv"),
      compress: true,
      async make() {
        return toCsv(["moment", "praktijk", "soort", "leerdoel", "tekst", "status_voorstel", "leerdoel_id"], rows);
      },
    },
  ];
};

/** Whether the export holds learning goals (the LEESMIJ tells which). */
export const LEARNING_GOALS_IN_EXPORT = true;
