import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { orRefuse, pairAccess } from "../auth/access.server";
import { requireSession } from "../auth/session.server";
import { nextMeetingOf, openAgreementsView } from "../agreements/open-agreements.server";
import { reviewAgreement, reviewSchema } from "../agreements/review.server";
import { MeetingField, meetingDocName } from "../collab/protocol";
import { readTextBlocks } from "../editor/read-fields";
import { PreviousAgreements } from "../components/previous-agreements";
import { useLiveRefresh } from "../live/use-live-refresh";
import { formatScheduled } from "../meetings/format";
import { goalsDueBy } from "../goals/goals.server";
import { amsterdamDate } from "../norms/norms";

export const meta: MetaFunction = () => [{ title: "Voorbereiden — Koers" }];

/**
 * Before the next meeting: the open agreements made in meetings before it (the one in
 * progress, else the first planned one), with the notes of the meeting each was made in.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { pair } = orRefuse(await pairAccess(context.services.db, user.id, params.pairId ?? ""));
  const next = await nextMeetingOf(context.services.db, pair.id);
  const agreements = await openAgreementsView(context.services.db, pair.id, next?.id);
  const meetingIds = [...new Set(agreements.map((a) => a.meetingId))];
  const history = await Promise.all(
    meetingIds.map(async (meetingId) => {
      const first = agreements.find((a) => a.meetingId === meetingId)!;
      return {
        meetingId,
        meeting: first.meeting,
        notes: await context.services.readDocument(meetingDocName(meetingId), (doc) => readTextBlocks(doc, MeetingField.notes)),
        agreements: agreements.filter((a) => a.meetingId === meetingId),
      };
    }),
  );
  // The goals to evaluate by the next meeting (or by today when none is planned).
  const today = amsterdamDate(Date.now());
  const dueBy = next && next.scheduled_at.slice(0, 10) > today ? next.scheduled_at.slice(0, 10) : today;
  const goalsDue = (await goalsDueBy(context.services, pair.id, dueBy)).map((g) => ({ id: g.id, what: g.what, evaluateOn: g.evaluateOn, status: g.status }));
  return {
    goalsDue,
    today,
    pair: { id: pair.id, practiceName: pair.practice_name },
    next: next ? { id: next.id, title: next.title, kind: next.kind, scheduledAt: next.scheduled_at } : null,
    agreements,
    history,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { pair, role } = orRefuse(await pairAccess(context.services.db, user.id, params.pairId ?? ""));
  const parsed = reviewSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success || parsed.data.intent === "onAgenda") return { ok: false, problem: "invalid" };
  return reviewAgreement(context.services, { pairId: pair.id, role, currentMeetingId: null }, parsed.data);
}

export default function ReviewPage() {
  const { t, i18n } = useTranslation();
  const { pair, next, agreements, history, goalsDue, today } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  useLiveRefresh({ pairId: pair.id }, () => revalidator.revalidate());
  return (
    <div className="stack-lg">
      <nav className="crumbs small" aria-label={t("meeting.breadcrumb")}>
        <Link to={`/pairs/${pair.id}`}>{pair.practiceName}</Link>
      </nav>
      <h1>{t("review.pageTitle")}</h1>
      <p className="muted">{t("review.pageIntro")}</p>
      <p data-testid="prepare-for">
        {next ? (
          <>
            {t("prepare.forMeeting", { date: formatScheduled(next.scheduledAt, i18n.language) })}{" "}
            <Link to={`/meetings/${next.id}`}>{next.title ?? t(`meetingKinds.${next.kind}`)}</Link>.{" "}
            <span className="muted small">{t("prepare.onlyEarlier")}</span>
          </>
        ) : (
          t("prepare.noNextMeeting")
        )}
      </p>
      {agreements.length === 0 ? <p className="card">{t("review.none")}</p> : null}
      <PreviousAgreements agreements={agreements} action={`/pairs/${pair.id}/review`} allowOnAgenda={false} startOpen goalsDue={goalsDue} pairId={pair.id} today={today} />
      {history.map((h) => (
        <section key={h.meetingId} className="card">
          <h2>
            <Link to={`/meetings/${h.meetingId}`}>{h.meeting.title ?? t(`meetingKinds.${h.meeting.kind}`)}</Link>{" "}
            <span className="muted small">{formatScheduled(h.meeting.scheduledAt, i18n.language)}</span>
          </h2>
          <ul>
            {h.agreements.map((a) => (
              <li key={a.id}>{a.text}</li>
            ))}
          </ul>
          {h.notes.length ? (
            <details>
              <summary>{t("review.context")}</summary>
              <div className="read-only-notes">
                {h.notes.map((block, i) =>
                  block.kind === "heading" ? <h3 key={i}>{block.text}</h3> : <p key={i} className={block.kind === "listItem" ? "bullet" : undefined}>{block.text}</p>,
                )}
              </div>
            </details>
          ) : null}
        </section>
      ))}
    </div>
  );
}
