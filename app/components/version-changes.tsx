import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Change, ChangeStatus, VersionDiff } from "../history/diff-versions";
import { formatDay } from "../meetings/format";
import type { AgendaEntry, AgreementEntry, TextBlock } from "../editor/read-fields";
import { FIELD_NAMES, MEETING_FIELDS, type EntryType, type EntryTypes, type FieldName } from "../meetings/fields";
import { FeedbackSummary } from "./consult-feedback/feedback-summary";

/** What a version view knows besides the entries: the learning goals' titles (for linked agendas and agreements). */
export interface EntryContext {
  goalTitles: Readonly<Record<string, string>>;
}

/** How each type of entry is listed: as a numbered or plain list, as text blocks or not, and what one says. */
const ENTRY_VIEWS: { [E in EntryType]: { ordered: boolean; blocks: boolean; key: (entry: EntryTypes[E], index: number) => string | number; render: (entry: EntryTypes[E], ctx: EntryContext) => ReactNode } } = {
  agendaItem: { ordered: true, blocks: false, key: (e, i) => e.id ?? i, render: (e, ctx) => <AgendaText item={e} ctx={ctx} /> },
  textBlock: { ordered: false, blocks: true, key: (_e, i) => i, render: (e) => e.text },
  agreement: { ordered: false, blocks: false, key: (e, i) => e.id ?? i, render: (e, ctx) => <AgreementText agreement={e} ctx={ctx} /> },
  consultFeedback: { ordered: false, blocks: false, key: (e) => e.id, render: (e) => <FeedbackSummary entry={e} /> },
};

/**
 * One saved version of a meeting, read-only: each of its fields (fields.ts: agenda, notes,
 * agreements, and the report and consult feedback once there are any), each entry marked with
 * what changed since the version before it. The mark is a word as well as a colour ("nieuw",
 * "gewijzigd", "verwijderd"), so it reads without colour too; a changed entry also shows what
 * it said before. Everything is text: React escapes it.
 */
export function VersionChanges({ diff, highlight, goalTitles = {} }: { diff: VersionDiff; highlight: boolean; goalTitles?: Readonly<Record<string, string>> }) {
  const ctx: EntryContext = { goalTitles };
  return (
    <div className="version-fields" data-testid="version-content">
      {FIELD_NAMES.map((name) => (
        <FieldChanges key={name} name={name} changes={diff[name] as Change<EntryTypes[EntryType]>[]} highlight={highlight} ctx={ctx} />
      ))}
    </div>
  );
}

function FieldChanges({ name, changes, highlight, ctx }: { name: FieldName; changes: Change<EntryTypes[EntryType]>[]; highlight: boolean; ctx: EntryContext }) {
  const { t } = useTranslation();
  const field = MEETING_FIELDS[name];
  if (!field.alwaysShown && changes.length === 0) return null;
  const view = ENTRY_VIEWS[field.entry] as (typeof ENTRY_VIEWS)["textBlock"];
  const List = view.ordered ? "ol" : "ul";
  return (
    <section className="card" aria-labelledby={`version-${name}`} data-testid={`version-${name}`}>
      <h2 id={`version-${name}`}>{t(field.label)}</h2>
      {changes.length === 0 ? <p className="muted">{t("history.emptyField")}</p> : null}
      <List className={view.blocks ? "version-entries version-blocks" : "version-entries"}>
        {changes.map((c, i) => {
          const entry = (c.after ?? c.before)! as TextBlock;
          return (
            <Entry
              key={view.key(entry, i)}
              change={c as Change<TextBlock>}
              highlight={highlight}
              render={(e) => view.render(e, ctx)}
              blockKind={view.blocks ? entry.kind : undefined}
            />
          );
        })}
      </List>
    </section>
  );
}

function AgendaText({ item, ctx }: { item: AgendaEntry; ctx: EntryContext }) {
  const { t } = useTranslation();
  return (
    <>
      {item.title || t("history.untitled")}
      {item.timeboxMinutes ? <span className="muted small"> · {t("meetings.minutes", { count: item.timeboxMinutes })}</span> : null}
      {item.done ? <span className="muted small"> · {t("history.itemDone")}</span> : null}
      <GoalLink goalId={item.goalId} ctx={ctx} />
    </>
  );
}

function AgreementText({ agreement: a, ctx }: { agreement: AgreementEntry; ctx: EntryContext }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {a.text || t("history.untitled")}{" "}
      <span className="muted small">
        · {t(`agreements.owners.${a.owner}`)}
        {a.followUpDate ? ` · ${t("agreements.followUp").toLowerCase()} ${formatDay(a.followUpDate, i18n.language)}` : ""} · {t(`agreements.statuses.${a.status}`)}
      </span>
      <GoalLink goalId={a.goalId} ctx={ctx} />
    </>
  );
}

/** The learning goal an entry is linked to, by its title (or that the goal is gone). */
function GoalLink({ goalId, ctx }: { goalId: string | null; ctx: EntryContext }) {
  const { t } = useTranslation();
  if (!goalId) return null;
  return <span className="muted small"> · {t("goals.linkedTo", { goal: ctx.goalTitles[goalId] ?? t("goals.unknownGoal") })}</span>;
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
