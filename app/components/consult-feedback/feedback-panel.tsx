import { useEffect, useId, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Role } from "../../../db/schema";
import { FEEDBACK_SCORES, MAAS_GROUPS, itemsInOrder, type ConsultFeedbackEntry, type Leerpunt, type MaasItemId } from "../../consult-feedback/feedback-content";
import { partWriter, type FeedbackPatch } from "../../consult-feedback/feedback-forms";
import { formatDay } from "../../meetings/format";
import type { GoalOption } from "../../goals/goals.server";

// The consult feedback panel of a taakgericht meeting (issue #17): one form per consult
// recording, after the MAAS-Globaal. Each part is saved on its own when the person leaves it
// (or picks a score), so both can fill in their parts at once; the other person's saves arrive
// through the page's live refresh. A refused save (a patient identifier, too long) says why
// under the field and keeps what was typed.

type Reply = { ok: true } | { ok: false; problem: string; identifier?: { kind: string; found: string } };

interface PanelProps {
  meetingId: string;
  forms: ConsultFeedbackEntry[];
  role: Role;
  readOnly: boolean;
  goals: GoalOption[];
  startOpen: boolean;
}

/** The panel: the meeting's forms and a button to start one. */
export function ConsultFeedbackPanel({ meetingId, forms, role, readOnly, goals, startOpen }: PanelProps) {
  const { t } = useTranslation();
  const start = useFetcher<Reply>();
  const action = `/meetings/${meetingId}/consult-feedback`;
  return (
    <details className="card consult-feedback" open={startOpen || forms.length > 0 || undefined} data-testid="consult-feedback">
      <summary>
        <h2 className="inline-heading">{t("consultFeedback.title")}</h2>
      </summary>
      <p className="muted small">{t("consultFeedback.intro")}</p>
      {forms.length === 0 ? <p className="muted">{t("consultFeedback.none")}</p> : null}
      {forms.map((form, index) => (
        <FeedbackForm key={form.id} action={action} form={form} number={index + 1} role={role} readOnly={readOnly} goals={goals} />
      ))}
      {readOnly ? null : (
        <start.Form method="post" action={action}>
          <input type="hidden" name="intent" value="start" />
          <button type="submit" disabled={start.state !== "idle"}>
            {forms.length === 0 ? t("consultFeedback.start") : t("consultFeedback.addAnother")}
          </button>
          <ProblemText reply={start.data} />
        </start.Form>
      )}
    </details>
  );
}

function FeedbackForm({ action, form, number, role, readOnly, goals }: { action: string; form: ConsultFeedbackEntry; number: number; role: Role; readOnly: boolean; goals: GoalOption[] }) {
  const { t, i18n } = useTranslation();
  const may = (part: FeedbackPatch["part"]) => !readOnly && (partWriter(part) === "both" || partWriter(part) === role);
  const items = itemsInOrder(form);
  const title = form.consultDate ? t("consultFeedback.formTitleOn", { number, date: formatDay(form.consultDate, i18n.language) }) : t("consultFeedback.formTitle", { number });
  return (
    <section className="feedback-form stack" aria-label={title} data-testid="feedback-form">
      <h3>{title}</h3>
      <div className="feedback-facts">
        <SavedText action={action} formId={form.id} kind="date" label={t("consultFeedback.consultDate")} value={form.consultDate ?? ""} patch={(value) => ({ part: "consultDate", value })} editable={may("consultDate")} />
        <SavedText
          action={action}
          formId={form.id}
          kind="line"
          label={t("consultFeedback.description")}
          hint={t("consultFeedback.descriptionHint")}
          value={form.description}
          patch={(value) => ({ part: "description", value })}
          editable={may("description")}
        />
      </div>
      <SavedText
        action={action}
        formId={form.id}
        kind="area"
        label={t("consultFeedback.learningQuestion")}
        hint={role === "aios" ? t("consultFeedback.learningQuestionHint") : t("consultFeedback.learningQuestionByAios")}
        value={form.learningQuestion}
        empty={t("consultFeedback.noLearningQuestion")}
        patch={(value) => ({ part: "learningQuestion", value })}
        editable={may("learningQuestion")}
      />
      {role === "aios" ? <p className="muted small">{t("consultFeedback.feedbackByOpleider")}</p> : null}
      {MAAS_GROUPS.map((group) => (
        <fieldset key={group} className="feedback-group">
          <legend>{t(`consultFeedback.groups.${group}`)}</legend>
          {items
            .filter((item) => item.group === group)
            .map((item) => (
              <div key={item.id} className="feedback-item" data-testid={`feedback-item-${item.id}`}>
                <div className="feedback-item-name">
                  <strong>{t(`consultFeedback.items.${item.id}.label`)}</strong>
                  <span className="muted small"> {t(`consultFeedback.items.${item.id}.hint`)}</span>
                </div>
                <ScorePicker action={action} formId={form.id} item={item.id} score={item.score === null ? "" : String(item.score)} editable={may("itemScore")} />
                <SavedText
                  action={action}
                  formId={form.id}
                  kind="line"
                  label={t("consultFeedback.commentFor", { item: t(`consultFeedback.items.${item.id}.label`) })}
                  hideLabel
                  value={item.comment}
                  patch={(value) => ({ part: "itemComment", item: item.id, value })}
                  editable={may("itemComment")}
                />
              </div>
            ))}
        </fieldset>
      ))}
      <SavedText action={action} formId={form.id} kind="area" label={t("consultFeedback.overall")} value={form.overall} patch={(value) => ({ part: "overall", value })} editable={may("overall")} />
      <Leerpunten action={action} form={form} role={role} editable={may("addLeerpunt")} goals={goals} />
    </section>
  );
}

/** A text part of a form, saved when the person leaves it (or shown as text to who may not write it). */
function SavedText({
  action,
  formId,
  kind,
  label,
  hint,
  hideLabel,
  value,
  empty,
  patch,
  editable,
}: {
  action: string;
  formId: string;
  kind: "line" | "area" | "date";
  label: string;
  hint?: string;
  hideLabel?: boolean;
  value: string;
  empty?: string;
  patch: (value: string) => FeedbackPatch;
  editable: boolean;
}) {
  const fetcher = useFetcher<Reply>();
  const id = useId();
  const { t } = useTranslation();
  if (!editable) {
    if (hideLabel) return value ? <p className="feedback-comment">{value}</p> : null;
    return (
      <div className="field">
        <span className="field-label">{label}</span>
        <p className={value ? undefined : "muted"}>{value || empty || "—"}</p>
        {hint ? <small className="muted">{hint}</small> : null}
      </div>
    );
  }
  const save = (next: string) => {
    if (next === value && !(fetcher.data && !fetcher.data.ok)) return;
    fetcher.submit({ intent: "save", formId, patch: JSON.stringify(patch(next)) }, { method: "post", action });
  };
  const failed = fetcher.data && !fetcher.data.ok ? fetcher.data : undefined;
  const noteId = `${id}-note`;
  const common = {
    id,
    // A new value from the server (the other person saved this part) replaces the field's text.
    key: value,
    defaultValue: value,
    "aria-invalid": failed ? true : undefined,
    "aria-describedby": failed || hint ? noteId : undefined,
    onBlur: (e: { currentTarget: { value: string } }) => save(e.currentTarget.value),
  };
  return (
    <div className={`field${hideLabel ? " field-compact" : ""}`}>
      <label htmlFor={id} className={hideLabel ? "visually-hidden" : undefined}>
        {label}
      </label>
      {kind === "area" ? <textarea rows={3} {...common} /> : kind === "date" ? <input type="date" {...common} onChange={(e) => save(e.currentTarget.value)} /> : <input type="text" placeholder={hideLabel ? t("consultFeedback.commentPlaceholder") : undefined} {...common} />}
      {failed ? (
        <small id={noteId} className="field-error" role="alert">
          <ProblemMessage reply={failed} />
        </small>
      ) : hint ? (
        <small id={noteId} className="muted">
          {hint}
        </small>
      ) : null}
      {fetcher.state !== "idle" ? <small className="muted">{t("consultFeedback.saving")}</small> : null}
    </div>
  );
}

/** An item's score: five words and "n.v.t." for the opleider to pick; the score as text for the aios. */
function ScorePicker({ action, formId, item, score, editable }: { action: string; formId: string; item: MaasItemId; score: string; editable: boolean }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<Reply>();
  const [picked, setPicked] = useState(score);
  useEffect(() => setPicked(score), [score]);
  const name = t(`consultFeedback.items.${item}.label`);
  if (!editable) return <span className="feedback-score">{score ? t(`consultFeedback.scores.${score}`) : <span className="muted">{t("consultFeedback.notScored")}</span>}</span>;
  const pick = (value: string) => {
    setPicked(value);
    fetcher.submit({ intent: "save", formId, patch: JSON.stringify({ part: "itemScore", item, value }) }, { method: "post", action });
  };
  return (
    <fieldset className="chips score-chips">
      <legend className="visually-hidden">{t("consultFeedback.scoreLegend", { item: name })}</legend>
      {FEEDBACK_SCORES.map((s) => (
        <label key={s} className={`chip${picked === String(s) ? " is-on" : ""}`}>
          <input type="radio" name={`score-${formId}-${item}`} value={String(s)} checked={picked === String(s)} onChange={() => pick(String(s))} />
          {t(`consultFeedback.scores.${s}`)}
        </label>
      ))}
      {picked ? (
        <button type="button" className="link-button small" onClick={() => pick("")}>
          {t("consultFeedback.clearScore")}
        </button>
      ) : null}
      <ProblemText reply={fetcher.data} />
    </fieldset>
  );
}

/** The leerpunten: each can become an agreement (with a goal) or a goal in one click. */
function Leerpunten({ action, form, role, editable, goals }: { action: string; form: ConsultFeedbackEntry; role: Role; editable: boolean; goals: GoalOption[] }) {
  const { t } = useTranslation();
  const add = useFetcher<Reply>();
  const [draft, setDraft] = useState("");
  useEffect(() => {
    if (add.state === "idle" && add.data?.ok) setDraft("");
  }, [add.state, add.data]);
  return (
    <div className="leerpunten stack">
      <h4>{t("consultFeedback.leerpunten")}</h4>
      <p className="muted small">{t("consultFeedback.leerpuntenHint")}</p>
      <ul className="plain-list stack">
        {form.leerpunten.map((l) => (
          <LeerpuntRow key={l.id} action={action} formId={form.id} leerpunt={l} role={role} editable={editable} goals={goals} />
        ))}
      </ul>
      {editable ? (
        <add.Form
          method="post"
          action={action}
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            add.submit({ intent: "save", formId: form.id, patch: JSON.stringify({ part: "addLeerpunt", value: draft }) }, { method: "post", action });
          }}
        >
          <label className="visually-hidden" htmlFor={`new-leerpunt-${form.id}`}>
            {t("consultFeedback.newLeerpunt")}
          </label>
          <input id={`new-leerpunt-${form.id}`} value={draft} onChange={(e) => setDraft(e.target.value)} placeholder={t("consultFeedback.newLeerpunt")} />
          <button type="submit" disabled={add.state !== "idle"}>
            {t("consultFeedback.addLeerpunt")}
          </button>
          <ProblemText reply={add.data} />
        </add.Form>
      ) : null}
    </div>
  );
}

function LeerpuntRow({ action, formId, leerpunt, role, editable, goals }: { action: string; formId: string; leerpunt: Leerpunt; role: Role; editable: boolean; goals: GoalOption[] }) {
  const { t } = useTranslation();
  const toAgreement = useFetcher<Reply>();
  const toGoal = useFetcher<Reply>();
  const open = goals.filter((g) => g.open);
  const [goalId, setGoalId] = useState("");
  return (
    <li className="leerpunt" data-testid="leerpunt">
      <span className="leerpunt-text">{leerpunt.text}</span>
      <div className="row small">
        {leerpunt.agreementId ? (
          <span className="badge">{t("consultFeedback.becameAgreement")}</span>
        ) : editable ? (
          <toAgreement.Form method="post" action={action} className="row">
            <input type="hidden" name="intent" value="toAgreement" />
            <input type="hidden" name="formId" value={formId} />
            <input type="hidden" name="leerpuntId" value={leerpunt.id} />
            {open.length > 0 ? (
              <label>
                <span className="visually-hidden">{t("consultFeedback.linkGoalFor", { text: leerpunt.text })}</span>
                <select name="goalId" value={goalId} onChange={(e) => setGoalId(e.target.value)}>
                  <option value="">{t("consultFeedback.noGoal")}</option>
                  {open.map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.what}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <button type="submit" aria-label={t("consultFeedback.toAgreementFor", { text: leerpunt.text })} disabled={toAgreement.state !== "idle"}>
              {t("consultFeedback.toAgreement")}
            </button>
          </toAgreement.Form>
        ) : null}
        {leerpunt.goalId ? (
          <span className="badge">{t("consultFeedback.becameGoal")}</span>
        ) : leerpunt.suggestionId ? (
          <span className="badge">{t("consultFeedback.becameSuggestion")}</span>
        ) : editable ? (
          <toGoal.Form method="post" action={action}>
            <input type="hidden" name="intent" value="toGoal" />
            <input type="hidden" name="formId" value={formId} />
            <input type="hidden" name="leerpuntId" value={leerpunt.id} />
            <button type="submit" aria-label={role === "aios" ? t("consultFeedback.toGoalFor", { text: leerpunt.text }) : t("consultFeedback.suggestGoalFor", { text: leerpunt.text })} disabled={toGoal.state !== "idle"}>
              {role === "aios" ? t("consultFeedback.toGoal") : t("consultFeedback.suggestGoal")}
            </button>
          </toGoal.Form>
        ) : null}
      </div>
      <ProblemText reply={toAgreement.data ?? toGoal.data} />
    </li>
  );
}

function ProblemMessage({ reply }: { reply: Extract<Reply, { ok: false }> }) {
  const { t } = useTranslation();
  return (
    <>
      {t(`consultFeedback.problems.${reply.problem}`, {
        what: reply.identifier ? t(`consultFeedback.identifiers.${reply.identifier.kind}`) : "",
        found: reply.identifier?.found ?? "",
        max: 1000,
        defaultValue: t("consultFeedback.problems.failed"),
      })}
    </>
  );
}

function ProblemText({ reply }: { reply: Reply | undefined }) {
  if (!reply || reply.ok) return null;
  return (
    <small className="field-error" role="alert">
      <ProblemMessage reply={reply} />
    </small>
  );
}
