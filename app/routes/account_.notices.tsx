import { Form, useLoaderData } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { requireSession, safeNextPath } from "../auth/session.server";
import { dismissAccountNotices, unseenAccountNotices } from "../auth/account-notices.server";
import { formatInstant } from "../meetings/format";

export const meta: MetaFunction = () => [{ title: "Let op — Koers" }];

/** What happened to the account since the last login (shown once, right after logging in); none: straight on. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  const next = safeNextPath(new URL(request.url).searchParams.get("next"), request.url);
  const notices = await unseenAccountNotices(context.services, user.id);
  if (notices.length === 0) throw redirect(next);
  return { notices, next };
}

/** "Gelezen": the notices are not shown again, and the owner goes where they were going. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireSession(request, context);
  await dismissAccountNotices(context.services, user.id);
  return redirect(safeNextPath(new URL(request.url).searchParams.get("next"), request.url));
}

export default function AccountNoticesPage() {
  const { t, i18n } = useTranslation();
  const { notices } = useLoaderData<typeof loader>();
  return (
    <section className="card narrow" aria-labelledby="notices-title">
      <h1 id="notices-title">{t("safety.notices.title")}</h1>
      <ul className="plain-list stack" data-testid="account-notices">
        {notices.map((notice) => (
          <li key={notice.firstAt} className="notice" role="status">
            <p>
              {notice.count > 1
                ? t("safety.notices.signUpAttemptRepeated", {
                    first: formatInstant(notice.firstAt, i18n.language),
                    last: formatInstant(notice.lastAt, i18n.language),
                    count: notice.count,
                  })
                : t("safety.notices.signUpAttempt", { at: formatInstant(notice.firstAt, i18n.language) })}
            </p>
            <p className="small">{t("safety.notices.signUpAttemptHint")}</p>
          </li>
        ))}
      </ul>
      <Form method="post">
        <button type="submit" autoFocus>
          {t("safety.notices.continue")}
        </button>
      </Form>
    </section>
  );
}
