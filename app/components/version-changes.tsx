import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Change, ChangeStatus, VersionDiff } from "../history/diff-versions";
import { formatDay } from "../meetings/format";
import type { AgendaEntry, AgreementEntry, TextBlock } from "../editor/read-fields";

/**
 * One saved version of a meeting, read-only: its agenda, notes and agreements (and report,
 * once written), each entry marked with what changed since the version before it. The mark
 * is a word as well as a colour ("nieuw", "gewijzigd", "verwijderd"), so it reads without
 * colour too; a changed entry also shows what it said before. Everything is text: React
 * escapes it.
 */
export function VersionChanges({ diff, highlight }: { diff: VersionDiff; highlight: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="version-fields" data-testid="version-content">
      <section className="card" aria-labelledby="version-agenda" data-testid="version-agenda">
        <h2 id="version-agenda">{t("workspace.agenda")}</h2>
        {diff.agenda.length === 0 ? <p className="muted">{t("history.emptyField")}</p> : null}
        <ol className="version-entries">
          {diff.agenda.map((c, i) => (
            <Entry key={c.after?.id ?? c.before?.id ?? i} change={c} highlight={highlight} render={(item) => <AgendaText item={item} />} />
          ))}
        </ol>
      </section>
      <section className="card" aria-labelledby="version-notes" data-testid="version-notes">
        <h2 id="version-notes">{t("workspace.notes")}</h2>
        {diff.notes.length === 0 ? <p className="muted">{t("history.emptyField")}</p> : null}
        <ul className="version-entries version-blocks">
          {diff.notes.map((c, i) => (
            <Entry key={i} change={c} highlight={highlight} render={(b) => b.text} blockKind={(c.after ?? c.before)!.kind} />
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="version-agreements" data-testid="version-agreements">
        <h2 id="version-agreements">{t("workspace.agreements")}</h2>
        {diff.agreements.length === 0 ? <p className="muted">{t("history.emptyField")}</p> : null}
        <ul className="version-entries">
          {diff.agreements.map((c, i) => (
            <Entry key={c.after?.id ?? c.before?.id ?? i} change={c} highlight={highlight} render={(a) => <AgreementText agreement={a} />} />
          ))}
        </ul>
      </section>
      {diff.report.length ? (
        <section className="card" aria-labelledby="version-report" data-testid="version-report">
          <h2 id="version-report">{t("report.title")}</h2>
          <ul className="version-entries version-blocks">
            {diff.report.map((c, i) => (
              <Entry key={i} change={c} highlight={highlight} render={(b) => b.text} blockKind={(c.after ?? c.before)!.kind} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function AgendaText({ item }: { item: AgendaEntry }) {
  const { t } = useTranslation();
  return (
    <>
      {item.title || t("history.untitled")}
      {item.timeboxMinutes ? <span className="muted small"> · {t("meetings.minutes", { count: item.timeboxMinutes })}</span> : null}
      {item.done ? <span className="muted small"> · {t("history.itemDone")}</span> : null}
    </>
  );
}

function AgreementText({ agreement: a }: { agreement: AgreementEntry }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {a.text || t("history.untitled")}{" "}
      <span className="muted small">
        · {t(`agreements.owners.${a.owner}`)}
        {a.followUpDate ? ` · ${t("agreements.followUp").toLowerCase()} ${formatDay(a.followUpDate, i18n.language)}` : ""} · {t(`agreements.statuses.${a.status}`)}
      </span>
    </>
  );
}

function Entry<T>({
  change,
  highlight,
  render,
  blockKind,
}: {
  change: Change<T>;
  highlight: boolean;
  render: (entry: T) => ReactNode;
  blockKind?: TextBlock["kind"];
}) {
  const { t } = useTranslation();
  const status: ChangeStatus = highlight ? change.status : "unchanged";
  const entry = (change.after ?? change.before)!;
  const classes = [status === "unchanged" ? "" : `change-${status}`, blockKind ? `block-${blockKind}` : ""].filter(Boolean).join(" ");
  return (
    <li className={classes || undefined} data-change={status}>
      {status === "unchanged" ? null : <span className={`change-badge change-badge-${status}`}>{t(`history.changes.${status}`)}</span>}
      <span className="change-text">{render(entry)}</span>
      {status === "changed" && change.before ? (
        <span className="change-before small">
          {t("history.before")} <span>{render(change.before)}</span>
        </span>
      ) : null}
    </li>
  );
}
