import { Form } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatScheduled } from "../meetings/format";

interface Props {
  meeting: { id: string; kind: string; title: string | null; scheduled_at: string };
  busy: boolean;
}

/**
 * "Annuleren" for a meeting that has not taken place: opens a modal dialog (the browser's own
 * <dialog>: focus moves into it, Escape closes it, the page behind cannot be used) that says
 * what is lost and asks to confirm. "Nee, laten staan" has the focus, so Enter alone cancels nothing.
 */
export function CancelMeetingButton({ meeting, busy }: Props) {
  const { t, i18n } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  const when = formatScheduled(meeting.scheduled_at, i18n.language);
  const what = meeting.title ?? t(`meetingKinds.${meeting.kind}`);
  const titleId = `cancel-title-${meeting.id}`;
  return (
    <>
      <button
        type="button"
        ref={opener}
        className="secondary small-button"
        onClick={() => setOpen(true)}
        aria-haspopup="dialog"
        aria-label={t("safety.cancelMeeting.buttonFor", { what, when })}
        data-testid="cancel-meeting"
      >
        {t("safety.cancelMeeting.button")}
      </button>
      <dialog
        ref={dialog}
        className="confirm-dialog"
        aria-labelledby={titleId}
        onClose={() => {
          setOpen(false);
          opener.current?.focus();
        }}
      >
        <h2 id={titleId}>{t("safety.cancelMeeting.title")}</h2>
        <p>
          <strong>{what}</strong> · {when}
        </p>
        <p>{t("safety.cancelMeeting.consequence")}</p>
        <Form method="post" className="row confirm-actions" onSubmit={() => setOpen(false)}>
          <input type="hidden" name="intent" value="cancelMeeting" />
          <input type="hidden" name="meetingId" value={meeting.id} />
          <button type="button" className="secondary" autoFocus onClick={() => setOpen(false)}>
            {t("safety.cancelMeeting.keep")}
          </button>
          <button type="submit" className="danger" disabled={busy}>
            {t("safety.cancelMeeting.confirm")}
          </button>
        </Form>
      </dialog>
    </>
  );
}
