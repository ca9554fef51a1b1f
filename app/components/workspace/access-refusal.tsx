import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { DocAccess } from "../../collab/protocol";
import type { DocConnection } from "../../collab/doc-connection.client";

/** Says why the server stopped serving the documents (session ended, access lost); typed text stays on this device. */
export function AccessRefusal({ connections }: { connections: DocConnection[] }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<DocAccess | null>(null);
  useEffect(() => {
    setReason(connections.map((c) => c.refusal).find((r) => r !== null) ?? null);
    const offs = connections.map((c) => c.onRefusal(setReason));
    return () => offs.forEach((off) => off());
  }, [connections]);
  if (!reason || reason === "ok") return null;
  const here = typeof window === "undefined" ? "/" : window.location.pathname;
  return (
    <div className="form-error access-refusal" role="alert" data-testid="access-refusal">
      {t(reason === "loggedOut" ? "connection.loggedOut" : "connection.refused")}{" "}
      {reason === "loggedOut" ? <a href={`/login?next=${encodeURIComponent(here)}`}>{t("auth.logIn")}</a> : null}
    </div>
  );
}
