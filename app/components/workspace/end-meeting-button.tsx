import { useRef } from "react";
import { useTranslation } from "react-i18next";

/**
 * "Gesprek afronden" asks first: ending cannot be undone (the meeting cannot be started
 * again). A native modal <dialog>: focus moves into it (to the safe choice), Tab stays
 * inside, Escape cancels, and on cancel focus returns to this button.
 */
export function EndMeetingButton({ elapsed, plannedMinutes, onEnd }: { elapsed: string; plannedMinutes: number; onEnd: () => void | Promise<void> }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const open = () => {
    const element = dialog.current;
    if (!element || element.open) return;
    element.returnValue = "";
    element.showModal();
    cancel.current?.focus();
  };
  const closed = () => {
    if (dialog.current?.returnValue === "end") void onEnd();
    else opener.current?.focus();
  };
  return (
    <>
      <button type="button" className="danger" ref={opener} onClick={open} aria-haspopup="dialog">
        {t("lead.end")}
      </button>
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby="end-meeting-title" aria-describedby="end-meeting-text" onClose={closed} data-testid="end-meeting-dialog">
        <h2 id="end-meeting-title">{t("meetingLead.endTitle")}</h2>
        <p id="end-meeting-text">{t("meetingLead.endText", { elapsed, planned: plannedMinutes })}</p>
        <form method="dialog" className="row dialog-actions">
          <button type="submit" value="cancel" className="secondary" ref={cancel}>
            {t("meetingLead.endCancel")}
          </button>
          <button type="submit" value="end" className="danger">
            {t("meetingLead.endConfirm")}
          </button>
        </form>
      </dialog>
    </>
  );
}
