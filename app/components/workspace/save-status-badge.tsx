import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { DocConnection } from "../../collab/doc-connection.client";

/** "Opgeslagen" / "Opslaan…" / "Offline — …", from the server's confirmation of what it stored. */
export function SaveStatusBadge({ connection }: { connection: DocConnection }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState(connection.saveStatus);
  useEffect(() => {
    setStatus(connection.saveStatus);
    return connection.onSaveStatus(setStatus);
  }, [connection]);
  return (
    <span className={`status status-${status}`} role="status" data-testid="save-status" data-status={status}>
      {t(`saveStatus.${status}`)}
    </span>
  );
}
