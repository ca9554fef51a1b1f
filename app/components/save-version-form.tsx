import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** "Versie opslaan": a snapshot of the meeting as it is now, with an optional label. */
export function SaveVersionForm({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<{ ok: boolean; saved?: string }>();
  return (
    <fetcher.Form method="post" action={`/meetings/${meetingId}`}>
      <label className="visually-hidden" htmlFor="version-label">
        {t("history.labelOptional")}
      </label>
      <input id="version-label" name="label" maxLength={120} placeholder={t("history.labelOptional")} />
      <button type="submit" name="intent" value="saveVersion" className="secondary" disabled={fetcher.state !== "idle"}>
        {t("history.save")}
      </button>
      <span role="status" className="small muted">
        {fetcher.data?.ok ? t("history.saved") : ""}
      </span>
    </fetcher.Form>
  );
}
