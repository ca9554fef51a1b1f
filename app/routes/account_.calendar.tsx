import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { requireSession } from "../auth/session.server";
import { calendarFeedPath, enableCalendarFeed, hasCalendarFeed, revokeCalendarFeed } from "../calendar/calendar-feed.server";
import { CopyField } from "../components/copy-field";

export const meta: MetaFunction = () => [{ title: "Agenda-koppeling — Koers" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  return { active: await hasCalendarFeed(context.services, user.id) };
}

/** enable: a new secret URL (the previous one stops working), shown once; revoke: no feed at all. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireSession(request, context);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "enable") {
    const token = await enableCalendarFeed(context.services, user.id);
    return { done: "calendar.enabled", feedUrl: `${new URL(request.url).origin}${calendarFeedPath(token)}` } as const;
  }
  if (intent === "revoke") {
    await revokeCalendarFeed(context.services, user.id);
    return { done: "calendar.revoked", feedUrl: null } as const;
  }
  throw new Response("Onbekende actie", { status: 400 });
}

export default function CalendarFeedPage() {
  const { t } = useTranslation();
  const { active } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="stack-lg narrow">
      <nav className="crumbs small" aria-label={t("meeting.breadcrumb")}>
        <Link to="/account">{t("calendar.backToAccount")}</Link>
      </nav>
      <h1>{t("calendar.title")}</h1>
      <p>{t("calendar.intro")}</p>
      {result?.done ? (
        <p className="notice" role="status">
          {t(result.done)}
        </p>
      ) : null}
      <section className="card stack" data-testid="calendar-feed">
        <p>
          <strong>{active ? t("calendar.active") : t("calendar.inactive")}</strong>
        </p>
        {result?.feedUrl ? <CopyField label={t("calendar.link")} value={result.feedUrl} hint={t("calendar.linkOnce")} testId="calendar-feed-url" /> : null}
        <p className="muted small">{t("calendar.secretNote")}</p>
        <div className="row">
          <Form method="post">
            <input type="hidden" name="intent" value="enable" />
            <button type="submit" className={active ? "secondary" : undefined} disabled={busy}>
              {active ? t("calendar.regenerate") : t("calendar.enable")}
            </button>
          </Form>
          {active ? (
            <Form method="post">
              <input type="hidden" name="intent" value="revoke" />
              <button type="submit" className="secondary" disabled={busy}>
                {t("calendar.revoke")}
              </button>
            </Form>
          ) : null}
        </div>
      </section>
    </div>
  );
}
