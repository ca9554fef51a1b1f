import { Link, useLoaderData } from "@remix-run/react";
import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { currentPairFromCookie } from "../pairs/current-pair.server";
import { useTranslation } from "react-i18next";
import { optionalSession } from "../auth/session.server";
import { listPairMembers, listPairsOfUser } from "../../db/pairs";
import { listMeetingsOfPair } from "../../db/meetings";
import { formatScheduled } from "../meetings/format";

export const meta: MetaFunction = () => [{ title: "Koers" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await optionalSession(request, context);
  if (!session) return { user: null, pairs: [] };
  const db = context.services.db;
  const memberships = await listPairsOfUser(db, session.user.id);
  // Home is the dashboard of the pair last opened (or the only one); ?all shows the list to switch.
  if (!new URL(request.url).searchParams.has("all")) {
    const remembered = await currentPairFromCookie(request.headers.get("Cookie"));
    const current = memberships.find((p) => p.id === remembered) ?? (memberships.length === 1 ? memberships[0] : undefined);
    if (current) throw redirect(`/pairs/${current.id}`);
  }
  const pairs = await Promise.all(
    memberships.map(async (pair) => {
      const members = await listPairMembers(db, pair.id);
      const other = members.find((m) => m.user_id !== session.user.id) ?? null;
      const next = (await listMeetingsOfPair(db, pair.id)).find((m) => m.status !== "afgerond") ?? null;
      return { id: pair.id, practiceName: pair.practice_name, year: pair.training_year, role: pair.role, otherName: other?.name ?? null, next };
    }),
  );
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
