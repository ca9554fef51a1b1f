import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { SaveVersionResult } from "../history/versions.server";
import { formatInstant } from "../meetings/format";

/**
 * "Versie opslaan": a snapshot of the meeting as it is now, with an optional label. Posts to
 * the history route, which says why a version was not saved (nothing changed, too soon after
 * the last one, a confirmed meeting).
 */
export function SaveVersionForm({ meetingId }: { meetingId: string }) {
  const { t, i18n } = useTranslation();
  const fetcher = useFetcher<SaveVersionResult>();
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  let message: { text: string; problem: boolean } | null = null;
  if (result?.ok) message = { text: t("history.saved"), problem: false };
  else if (result && !result.ok) {
    message = {
      problem: true,
      text: t(`history.saveProblems.${result.problem}`, {
        count: result.retryInSeconds ?? 0,
        when: result.since ? formatInstant(result.since, i18n.language) : "",
      }),
    };
  }
  return (
    <fetcher.Form method="post" action={`/meetings/${meetingId}/history`} className="save-version-form">
      <label className="visually-hidden" htmlFor="version-label">
        {t("history.labelOptional")}
      </label>
      <input id="version-label" name="label" maxLength={120} placeholder={t("walkthrough.versionNamePlaceholder")} />
      <button type="submit" className="secondary" disabled={fetcher.state !== "idle"}>
        {t("history.save")}
      </button>
      <span role="status" className={message?.problem ? "small save-version-problem" : "small muted"} data-testid="save-version-message">
        {message?.text ?? ""}
      </span>
    </fetcher.Form>
  );
}
