import { Link, useLoaderData } from "@remix-run/react";
import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { currentPairFromCookie } from "../pairs/current-pair.server";
import { useTranslation } from "react-i18next";
import { optionalSession } from "../auth/session.server";
import { pairsOfUser } from "../pairs/dashboard.server";
import { formatScheduled } from "../meetings/format";

export const meta: MetaFunction = () => [{ title: "Koers" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await optionalSession(request, context);
  if (!session) return { user: null, pairs: [] };
  const pairs = await pairsOfUser(context.services, session.user.id);
  // Home is the dashboard of the pair last opened (or the only one); ?all shows the list to switch.
  if (!new URL(request.url).searchParams.has("all")) {
    const remembered = await currentPairFromCookie(request.headers.get("Cookie"));
    const current = pairs.find((p) => p.id === remembered) ?? (pairs.length === 1 ? pairs[0] : undefined);
    if (current) throw redirect(`/pairs/${current.id}`);
  }
  return { user: session.user, pairs };
}

export default function Index() {
  const { t, i18n } = useTranslation();
  const { user, pairs } = useLoaderData<typeof loader>();
  if (!user) {
    return (
      <section className="card narrow hero">
        <h1>{t("home.title")}</h1>
        <p className="lead-text">{t("app.tagline")}</p>
        <p>{t("home.intro")}</p>
        <div className="row">
          <Link className="button" to="/signup">
            {t("auth.signUp")}
          </Link>
          <Link className="button secondary" to="/login">
            {t("auth.logIn")}
          </Link>
        </div>
      </section>
    );
  }
  return (
    <div className="stack-lg">
      <div className="page-header">
        <h1>{t("pairs.title")}</h1>
        <Link className="button" to="/pairs/new">
          {t("pairs.newPair")}
        </Link>
      </div>
      {pairs.length === 0 ? <p className="card">{t("pairs.none")}</p> : null}
      <ul className="pair-cards" data-testid="pair-list">
        {pairs.map((pair) => (
          <li key={pair.id} className="card">
            <h2>
              <Link to={`/pairs/${pair.id}`}>{pair.practiceName}</Link>
            </h2>
            <p className="muted small">
              {t("pairs.year", { year: pair.year })} · {t("pairs.youAre", { role: t(`roles.${pair.role}`) })} ·{" "}
              {pair.otherName ? t("pairs.with", { name: pair.otherName }) : t("pairs.waitingFor", { role: t(`roles.${pair.role === "aios" ? "opleider" : "aios"}`) })}
            </p>
            {pair.next ? (
              <p>
                <Link to={`/meetings/${pair.next.id}`}>
                  {formatScheduled(pair.next.scheduled_at, i18n.language)} · {pair.next.title ?? t(`meetingKinds.${pair.next.kind}`)}
                </Link>
              </p>
            ) : (
              <p className="muted">{t("meetings.noneUpcoming")}</p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
