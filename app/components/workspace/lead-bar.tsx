import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { timerElapsedMs } from "../../live/lead";
import { useWorkspace } from "./workspace-context";

function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(total / 60);
  return `${minutes}:${String(total % 60).padStart(2, "0")}`;
}

/** Ticks once a second while something is running. */
function useNow(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}

/**
 * The meeting's status and clocks (elapsed against the planned length, the current item's
 * time), the aios's controls, and the opleider's suggestion shown to the aios.
 */
export function LeadBar() {
  const { t } = useTranslation();
  const { role, lead, currentItem } = useWorkspace();
  const { state, suggestion } = lead;
  const now = useNow(state.status === "bezig");
  const elapsed = state.startedAt ? (state.endedAt ? Date.parse(state.endedAt) : now) - Date.parse(state.startedAt) : 0;
  const itemMs = timerElapsedMs(state.timer, now);
  const over = elapsed > state.plannedMinutes * 60_000;
  const isAios = role === "aios";

  return (
    <section className={`lead-bar status-${state.status}`} aria-label={t("lead.title")} data-testid="lead-bar">
      <span className={`status-pill status-${state.status}`} data-testid="meeting-status">
        {t(`meetings.status.${state.status}`)}
      </span>
      <span className={over ? "clock over" : "clock"} title={t("lead.elapsedTitle")}>
        {t("lead.elapsed", { elapsed: clock(elapsed), planned: state.plannedMinutes })}
      </span>
      {state.currentItemId ? (
        <span
          className={currentItem?.timeboxMinutes && itemMs > currentItem.timeboxMinutes * 60_000 ? "clock over" : "clock"}
          data-testid="item-timer"
        >
          {currentItem?.timeboxMinutes
            ? t("lead.itemTimeOfBox", { time: clock(itemMs), box: currentItem.timeboxMinutes, title: currentItem.title })
            : t("lead.itemTime", { time: clock(itemMs) })}
        </span>
      ) : null}
      {isAios ? (
        <div className="lead-controls">
          {state.status === "gepland" ? (
            <button type="button" onClick={() => void lead.send({ command: "start" })}>
              {t("lead.start")}
            </button>
          ) : null}
          {state.status === "bezig" && state.currentItemId ? (
            state.timer.runningSince ? (
              <button type="button" className="secondary" onClick={() => void lead.send({ command: "timerPause" })}>
                {t("lead.pause")}
              </button>
            ) : (
              <button type="button" className="secondary" onClick={() => void lead.send({ command: "timerStart" })}>
                {t("lead.resume")}
              </button>
            )
          ) : null}
          {state.status === "bezig" && state.currentItemId ? (
            <button type="button" className="secondary" onClick={() => void lead.send({ command: "timerReset" })}>
              {t("lead.reset")}
            </button>
          ) : null}
          {state.status === "bezig" ? (
            <button type="button" className="danger" onClick={() => void lead.send({ command: "end" })}>
              {t("lead.end")}
            </button>
          ) : null}
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
          {t("lead.suggestion", { name: suggestion.fromName })}
          {isAios ? (
            <>
              <button type="button" className="small-button" onClick={() => void lead.send({ command: "setCurrent", itemId: suggestion.itemId })}>
                {t("lead.accept")}
              </button>
              <button type="button" className="small-button secondary" onClick={lead.dismissSuggestion}>
                {t("lead.dismiss")}
              </button>
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
