import { useId } from "react";
import { useTranslation } from "react-i18next";
import { formatDay } from "../meetings/format";
import type { IntervalNormStatus, NormStatus, NormWeek, NormsResult } from "../norms/norms";

/**
 * The pair's norms: per norm its status, since when and the next due date, and a 12-week chart.
 * `settingsHref` (the pair's settings page) adds a link to change the norms; a plain <a>, so the
 * panel renders without a router (see its unit test).
 */
export function NormsPanel({ result, settingsHref }: { result: NormsResult; settingsHref?: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [weekly] = result.norms;
  return (
    <section className="card norms-panel" aria-labelledby={headingId} data-testid="norms-panel">
      <h2 id={headingId}>{t("norms.title")}</h2>
      <p className="muted small">{t("norms.intro")}</p>
      <ul className="norm-list">
        {result.norms.map((norm) => (
          <NormItem key={norm.id} norm={norm} minimumMinutes={weekly.minimumMinutes} today={result.today} />
        ))}
      </ul>
      <NormsChart weeks={result.weeks} minimum={weekly.minimum} minutes={weekly.minimumMinutes} />
      {result.norms.map((norm) => (norm.id !== "weekly" && norm.chart ? <IntervalChart key={norm.id} norm={norm} weeks={result.weeks} /> : null))}
      {settingsHref ? (
        <p className="small">
          <a href={settingsHref}>{t("pairSettings.link")}</a>
        </p>
      ) : null}
    </section>
  );
}

/** One norm: its title on a line of its own, then the status badge with since when, then what is due and what was held. */
function NormItem({ norm, minimumMinutes, today }: { norm: NormStatus; minimumMinutes: number; today: string }) {
  const { t, i18n } = useTranslation();
  const day = (date: string) => formatDay(date, i18n.language);
  const label =
    norm.id === "weekly"
      ? t("norms.weekly", { minimum: norm.minimum, minutes: norm.minimumMinutes })
      : t(norm.i18n.label, { kind: norm.i18n.subject ? t(norm.i18n.subject) : "", count: norm.everyWeeks });
  let detail: string;
  if (norm.id === "weekly") {
    detail = t("norms.thisWeek", { count: norm.thisWeek, minimum: norm.minimum });
    if (norm.shortThisWeek > 0) detail += ` ${t("norms.shortThisWeek", { count: norm.shortThisWeek, minutes: norm.minimumMinutes })}`;
  } else if (norm.lastHeldOn) {
    detail = t("norms.lastHeld", { date: day(norm.lastHeldOn) });
  } else if (norm.shortHeld > 0 && norm.lastShortOn) {
    // Held, but never long enough to count: say so, not "not held yet".
    detail = t("norms.onlyShort", { count: norm.shortHeld, minutes: minimumMinutes, date: day(norm.lastShortOn) });
  } else {
    detail = t(norm.i18n.never);
  }
  // A due date gone by is never shown as "next": the norm then says since when it is late.
  const pastDue = norm.nextDue < today;
  return (
    <li className={`norm ${norm.onTrack ? "norm-on-track" : "norm-behind"}`} data-norm={norm.id} data-next-due={norm.nextDue}>
      <span className="norm-label">{label}</span>
      <span className="norm-status">
        <span className={`status-pill ${norm.onTrack ? "norm-pill-ok" : "norm-pill-behind"}`}>{norm.onTrack ? t("norms.onTrack") : t("norms.behind")}</span>
        <span className="muted small">{pastDue ? t("norms.lateSince", { date: day(norm.since) }) : t("norms.since", { date: day(norm.since) })}</span>
      </span>
      <span className="norm-detail small">
        {pastDue ? null : <>{t("norms.nextDue", { date: day(norm.nextDue) })} · </>}
        <span className="muted">{detail}</span>
      </span>
    </li>
  );
}

// Chart geometry, in viewBox units.
const BAR = 14;
const GAP = 6;
const TOP = 6;
const PLOT = 60;
const LABEL = 14;

function NormsChart({ weeks, minimum, minutes }: { weeks: NormWeek[]; minimum: number; minutes: number }) {
  const { t } = useTranslation();
  const titleId = useId();
  const judged = weeks.filter((w) => !w.current && !w.beforePairStart);
  const met = judged.filter((w) => w.qualifying >= minimum).length;
  const current = weeks.find((w) => w.current)?.qualifying ?? 0;
  const summary =
    judged.length > 0
      ? t("norms.chartSummary", { met, judged: judged.length, minimum, minutes, current })
      : t("norms.chartSummaryNoWeeks", { current, minutes });

  const top = Math.max(minimum + 1, ...weeks.map((w) => w.qualifying + w.short));
  const y = (count: number) => TOP + PLOT - (count / top) * PLOT;
  const width = weeks.length * (BAR + GAP) + GAP;
  const height = TOP + PLOT + LABEL;
  const weekLabel = (w: NormWeek) =>
    w.current ? t("norms.currentWeek", { week: w.isoWeek }) : t("norms.weekNumber", { week: w.isoWeek });

  return (
    <figure className="norms-chart">
      <figcaption id={titleId} className="small">
        {t("norms.chartTitle")}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={titleId} aria-describedby={`${titleId}-summary`}>
        {weeks.map((w, i) => {
          const x = GAP + i * (BAR + GAP);
          const classes = ["norms-bar", w.qualifying >= minimum ? "norms-bar-met" : "norms-bar-short-of"];
          if (w.current) classes.push("norms-bar-current");
          return (
            <g key={w.weekStart}>
              <rect className={classes.join(" ")} x={x} y={y(w.qualifying)} width={BAR} height={TOP + PLOT - y(w.qualifying)} />
              {w.short > 0 ? (
                <rect
                  className="norms-bar-short"
                  x={x}
                  y={y(w.qualifying + w.short)}
                  width={BAR}
                  height={y(w.qualifying) - y(w.qualifying + w.short)}
                />
              ) : null}
              <text className="norms-axis" x={x + BAR / 2} y={height - 3} textAnchor="middle">
                {w.isoWeek}
              </text>
            </g>
          );
        })}
        <line className="norms-minimum" x1={0} x2={width} y1={y(minimum)} y2={y(minimum)} />
        <text className="norms-axis" x={width - 2} y={y(minimum) - 2} textAnchor="end">
          {t("norms.minimumLine", { count: minimum })}
        </text>
      </svg>
      <p id={`${titleId}-summary`} className="visually-hidden">
        {summary}
      </p>
      {/* In a hidden box: a table ignores the 1px width itself and widened the page by ~90 px. */}
      <div className="visually-hidden">
        <table>
          <caption>{t("norms.chartTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("norms.week")}</th>
              <th scope="col">{t("norms.qualifying", { minutes })}</th>
              <th scope="col">{t("norms.short")}</th>
            </tr>
          </thead>
          <tbody>
            {weeks.map((w) => (
              <tr key={w.weekStart}>
                <th scope="row">{weekLabel(w)}</th>
                <td>{w.qualifying}</td>
                <td>{w.short}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

/**
 * The 12-week chart of an interval norm that has one (feedback on consult recordings): per week
 * how many counted, a week with at least one marked as met, the current week outlined.
 */
function IntervalChart({ norm, weeks }: { norm: IntervalNormStatus; weeks: NormWeek[] }) {
  const { t } = useTranslation();
  const titleId = useId();
  const per = weeks.map((w) => ({ week: w, count: w.counts[norm.id] ?? 0 }));
  const judged = per.filter((p) => !p.week.current && !p.week.beforePairStart);
  const withOne = judged.filter((p) => p.count > 0).length;
  const current = per.find((p) => p.week.current)?.count ?? 0;
  const top = Math.max(2, ...per.map((p) => p.count));
  const y = (count: number) => TOP + PLOT - (count / top) * PLOT;
  const width = weeks.length * (BAR + GAP) + GAP;
  const height = TOP + PLOT + LABEL;
  const title = t(norm.i18n.chartTitle ?? norm.i18n.label, { count: norm.everyWeeks });
  return (
    <figure className="norms-chart" data-testid={`norm-chart-${norm.id}`}>
      <figcaption id={titleId} className="small">
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={titleId} aria-describedby={`${titleId}-summary`}>
        {per.map(({ week: w, count }, i) => {
          const x = GAP + i * (BAR + GAP);
          const classes = ["norms-bar", count > 0 ? "norms-bar-met" : "norms-bar-short-of"];
          if (w.current) classes.push("norms-bar-current");
          return (
            <g key={w.weekStart}>
              <rect className={classes.join(" ")} x={x} y={y(count)} width={BAR} height={TOP + PLOT - y(count)} />
              <text className="norms-axis" x={x + BAR / 2} y={height - 3} textAnchor="middle">
                {w.isoWeek}
              </text>
            </g>
          );
        })}
        <line className="norms-minimum" x1={0} x2={width} y1={y(1)} y2={y(1)} />
      </svg>
      <p id={`${titleId}-summary`} className="visually-hidden">
        {t("norms.intervalChartSummary", { withOne, judged: judged.length, current })}
      </p>
      <div className="visually-hidden">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("norms.week")}</th>
              <th scope="col">{t("norms.counted")}</th>
            </tr>
          </thead>
          <tbody>
            {per.map(({ week: w, count }) => (
              <tr key={w.weekStart}>
                <th scope="row">{w.current ? t("norms.currentWeek", { week: w.isoWeek }) : t("norms.weekNumber", { week: w.isoWeek })}</th>
                <td>{count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
