import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { timerElapsedMs } from "../../live/lead";
import { agendaItemById, useWorkspace } from "./workspace-context";
import { EndMeetingButton } from "./end-meeting-button";
import { focusWhenReady } from "./focus-when-ready";

/** "12:05": minutes and seconds. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(total / 60);
  return `${minutes}:${String(total % 60).padStart(2, "0")}`;
}

/**
 * The time to show clocks at. It starts at the server's render time, so the server and the
 * browser's first render print the same digits (no hydration mismatch); then it follows the
 * browser's clock, once a second while something is running.
 */
function useNow(running: boolean, renderedAt: number): number {
  const [now, setNow] = useState(renderedAt);
  useEffect(() => {
    setNow(Date.now());
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}

// Where focus goes after a lead command made the pressed button disappear.
const DISCUSS = "[data-lead-action='discuss']";
const LEAD_BAR = "[data-testid='lead-bar']";
const itemButton = (itemId: string) => `[data-agenda-id="${CSS.escape(itemId)}"] ${DISCUSS}`;

/**
 * The meeting's status and clocks (elapsed against the planned length, the current item's
 * time), the aios's controls, and the opleider's suggestion of the next item, named and
 * shown to both. `renderedAt` is the server's clock when it rendered the page.
 */
export function LeadBar({ renderedAt }: { renderedAt: number }) {
  const { t } = useTranslation();
  const { role, lead, agendaItems } = useWorkspace();
  const { state, suggestion } = lead;
  const now = useNow(state.status === "bezig", renderedAt);
  const elapsed = state.startedAt ? (state.endedAt ? Date.parse(state.endedAt) : now) - Date.parse(state.startedAt) : 0;
  const itemMs = timerElapsedMs(state.timer, now);
  const over = elapsed > state.plannedMinutes * 60_000;
  const isAios = role === "aios";
  const currentItem = agendaItemById(agendaItems, state.currentItemId);
  const suggestedTitle = suggestion ? (agendaItemById(agendaItems, suggestion.itemId)?.title ?? "") || t("agenda.untitled") : "";

  const start = async () => {
    if (!(await lead.send({ command: "start" }))) return;
    // The next thing the aios does: discuss the current item, or the first open one, or add one.
    focusWhenReady([`.agenda-item.is-current ${DISCUSS}`, `.agenda-item:not(.is-done) ${DISCUSS}`, "#new-agenda-title", LEAD_BAR]);
  };
  const accept = async (itemId: string) => {
    if (await lead.send({ command: "setCurrent", itemId })) focusWhenReady([itemButton(itemId), LEAD_BAR]);
  };
  const dismiss = () => {
    lead.dismissSuggestion();
    focusWhenReady([LEAD_BAR]);
  };
  const end = async () => {
    // The aios writes the verslag next: its panel appears once the end is stored.
    if (await lead.send({ command: "end" })) focusWhenReady(["#title-report", LEAD_BAR], 5000);
  };

  return (
    <section className={`lead-bar status-${state.status}`} aria-label={t("lead.title")} data-testid="lead-bar" tabIndex={-1}>
      <span className={`status-pill status-${state.status}`} data-testid="meeting-status">
        {t(`meetings.status.${state.status}`)}
      </span>
      <span className={over ? "clock over" : "clock"} title={t("lead.elapsedTitle")} data-testid="meeting-clock">
        {t("lead.elapsed", { elapsed: clock(elapsed), planned: state.plannedMinutes })}
      </span>
      {state.currentItemId ? (
        <span className={currentItem?.timeboxMinutes && itemMs > currentItem.timeboxMinutes * 60_000 ? "clock item-clock over" : "clock item-clock"} data-testid="item-timer">
          {currentItem?.timeboxMinutes ? (
            <>
              {/* The title may be cut short on a narrow screen; the time never is. */}
              <span className="item-clock-title" title={currentItem.title}>
                {currentItem.title}
              </span>
              <span className="item-clock-time">: {t("meetingLead.timeOfBox", { time: clock(itemMs), box: currentItem.timeboxMinutes })}</span>
            </>
          ) : (
            t("lead.itemTime", { time: clock(itemMs) })
          )}
        </span>
      ) : null}
      {isAios ? (
        <div className="lead-controls">
          {state.status === "gepland" ? (
            <button type="button" onClick={() => void start()}>
              {t("lead.start")}
            </button>
          ) : null}
          {state.status === "bezig" && state.currentItemId ? (
            // One button whose label and action follow the timer, so focus stays on it.
            <button type="button" className="secondary" onClick={() => void lead.send({ command: state.timer.runningSince ? "timerPause" : "timerStart" })}>
              {t(state.timer.runningSince ? "lead.pause" : "lead.resume")}
            </button>
          ) : null}
          {state.status === "bezig" && state.currentItemId ? (
            <button type="button" className="secondary" onClick={() => void lead.send({ command: "timerReset" })}>
              {t("lead.reset")}
            </button>
          ) : null}
          {state.status === "bezig" ? <EndMeetingButton elapsed={clock(elapsed)} plannedMinutes={state.plannedMinutes} onEnd={end} /> : null}
        </div>
      ) : (
        <span className="muted small">{t("lead.aiosLeads")}</span>
      )}
      {lead.error ? (
        <span className="form-error small" role="alert">
          {t(`live.errors.${lead.error}`)}
        </span>
      ) : null}
      {suggestion ? (
        <div className="suggestion" role="status" data-testid="suggestion">
          <span>
            {isAios ? t("meetingLead.suggestionFrom", { name: suggestion.fromName }) : t("meetingLead.suggestionSent")}{" "}
            <strong data-testid="suggested-item">{suggestedTitle}</strong>
            {isAios ? null : <span className="muted"> {t("meetingLead.aiosDecides")}</span>}
          </span>
          {isAios ? (
            <span className="suggestion-actions">
              <button type="button" className="small-button" onClick={() => void accept(suggestion.itemId)}>
                {t("lead.accept")}
              </button>
              <button type="button" className="small-button secondary" onClick={dismiss}>
                {t("lead.dismiss")}
              </button>
            </span>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
