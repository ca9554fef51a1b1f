import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The aios reveals both private 3+3 preparations into the shared notes at once (procesgericht). */
export function RevealPrepButton() {
  const { t } = useTranslation();
  const fetcher = useFetcher<{ ok: boolean; problem?: string }>();
  return (
    <fetcher.Form method="post">
      <button type="submit" name="intent" value="revealPrep" className="secondary" disabled={fetcher.state !== "idle"}>
        {t("workspace.revealPrep")}
      </button>
      {fetcher.data && !fetcher.data.ok ? (
        <span className="form-error small" role="alert">
          {t(`workspace.revealProblems.${fetcher.data.problem ?? "alreadyRevealed"}`)}
        </span>
      ) : null}
    </fetcher.Form>
  );
}
