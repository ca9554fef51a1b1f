import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { closeMessageKey } from "../../collab/protocol";
import type { ClosedByServer } from "../../collab/doc-connection.client";

/** A document whose changes the server refused, and how to start again from the server's copy. */
export interface RefusedChange extends ClosedByServer {
  /** Forgets this device's copy of that document (where the refused change lives). */
  discardOfflineCopy(): Promise<void>;
}

/**
 * Says, at the top of the meeting page, that the server refused a change to this meeting's
 * documents and why (a role rule, the size limit, a confirmed meeting, a limit that
 * refills). The refused change stays in this device's copy, so a plain reload would send it,
 * and have it refused, again: when the server will not take it, the way on is to reload
 * from the server's copy, which discards this device's unsaved changes to that document; the
 * notice says so before anyone presses it. A limit that refills reconnects on its own.
 */
export function RefusedChangeNotice({ refused }: { refused: RefusedChange }) {
  const { t } = useTranslation();
  const notice = useRef<HTMLDivElement>(null);
  const [reloading, setReloading] = useState(false);
  useEffect(() => {
    notice.current?.focus();
  }, []);
  const message = closeMessageKey(refused.code) ?? "collabClose.malformedMessage";
  const reloadFromServer = async () => {
    setReloading(true);
    await refused.discardOfflineCopy();
    window.location.reload();
  };
  return (
    <div className="form-error access-refusal" role="alert" data-testid="refused-change" tabIndex={-1} ref={notice}>
      <strong>{t(message)}</strong>{" "}
      {refused.retrying ? (
        <span>{t("refusedChange.retrying")}</span>
      ) : (
        <>
          <span>{t("refusedChange.discardHint")}</span>
          {/* A link, not a button: the page's locked fieldset disables its buttons, not its links. It reloads this page. */}
          <a
            className="button"
            href={typeof window === "undefined" ? undefined : window.location.href}
            aria-disabled={reloading || undefined}
            onClick={(event) => {
              event.preventDefault();
              if (!reloading) void reloadFromServer();
            }}
          >
            {t("refusedChange.reloadFromServer")}
          </a>
        </>
      )}
    </div>
  );
}
