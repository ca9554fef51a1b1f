import { useTranslation } from "react-i18next";
import type { DocConnection } from "../collab/doc-connection.client";
import { useSaveStatus } from "../collab/use-save-status";

/** Whether what was typed in a shared document is stored: saved, saving, or kept on this device. */
export function SaveStatus({ connection }: { connection: DocConnection }) {
  const { t } = useTranslation();
  const status = useSaveStatus(connection);
  return (
    <span className={`status status-${status}`} role="status" data-testid="save-status" data-status={status}>
      {t(`saveStatus.${status}`)}
    </span>
  );
}
