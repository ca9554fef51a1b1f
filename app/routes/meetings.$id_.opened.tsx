import { Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { meetingAccess, orRefuse } from "../auth/access.server";
import { requireSession } from "../auth/session.server";
import { listMeetingVisits } from "../audit/audit.server";
import { AuditPanel } from "../components/audit-panel";

export const meta: MetaFunction = () => [{ title: "Geopend door — Koers" }];

/** "Geopend door": who of the pair opened this meeting, when and how. Only the pair's two members (403/404 for anyone else). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { meeting } = orRefuse(await meetingAccess(context.services.db, user.id, params.id ?? ""));
  return {
    meeting: { id: meeting.id, kind: meeting.kind, title: meeting.title },
    visits: await listMeetingVisits(context.services.db, meeting.id),
    userId: user.id,
  };
}

export default function OpenedBy() {
  const { t } = useTranslation();
  const { meeting, visits, userId } = useLoaderData<typeof loader>();
  return (
    <div className="stack-lg">
      <nav className="crumbs small" aria-label={t("meeting.breadcrumb")}>
        <Link to={`/meetings/${meeting.id}`}>{meeting.title ?? t(`meetingKinds.${meeting.kind}`)}</Link>
      </nav>
      <div>
        <h1>{t("yourData.audit.title")}</h1>
        <p className="muted small">{t("yourData.audit.intro")}</p>
      </div>
      <AuditPanel visits={visits} currentUserId={userId} />
    </div>
  );
}
