import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { DocAccess } from "../../collab/protocol";

/**
 * Says, at the top of the meeting page, why the server stopped serving this person (the
 * session ended, e.g. "Overal anders uitloggen" on another device; access lost). The page
 * locks its controls meanwhile; what was typed stays on this device and is sent after
 * logging in again. Takes focus once, so a keyboard or screen-reader user hears it at once.
 */
export function AccessRefusal({ reason }: { reason: Exclude<DocAccess, "ok"> }) {
  const { t } = useTranslation();
  const notice = useRef<HTMLDivElement>(null);
  useEffect(() => {
    notice.current?.focus();
  }, []);
  const here = typeof window === "undefined" ? "/" : window.location.pathname;
  const loggedOut = reason === "loggedOut";
  return (
    <div className="form-error access-refusal" role="alert" data-testid="access-refusal" tabIndex={-1} ref={notice}>
      <strong>{t(loggedOut ? "connection.loggedOut" : "connection.refused")}</strong> <span>{t(loggedOut ? "meetingPage.keptHere" : "meetingPage.lockedHint")}</span>{" "}
      {loggedOut ? (
        <a className="button" href={`/login?next=${encodeURIComponent(here)}`}>
          {t("meetingPage.logInAgain")}
        </a>
      ) : null}
    </div>
  );
}
