import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { optionalSession, requireSession } from "../auth/session.server";
import { acceptInvite, InviteError, previewInvite } from "../pairs/pairs.server";

export const meta: MetaFunction = () => [{ title: "Uitnodiging — Koers" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const session = await optionalSession(request, context);
  const invite = await previewInvite(context.services, token);
  return { invite, loggedInAs: session?.user.name ?? null, here: new URL(request.url).pathname };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user } = await requireSession(request, context);
  try {
    const { pairId } = await acceptInvite(context.services, params.token ?? "", user.id);
    context.services.live.pairChanged(pairId);
    return redirect(`/pairs/${pairId}`);
  } catch (error) {
    if (!(error instanceof InviteError)) throw error;
    return { problem: error.problem };
  }
}

export default function InvitePage() {
  const { t } = useTranslation();
  const { invite, loggedInAs, here } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const problem = result?.problem ?? (invite ? invite.problem : "unknown");
  const next = encodeURIComponent(here);
  return (
    <section className="card narrow">
      <h1>{t("invite.title")}</h1>
      {invite ? (
        <p>{t("invite.offer", { inviter: invite.inviterName, practice: invite.practiceName, role: t(`roles.${invite.role}`) })}</p>
      ) : null}
      {problem ? (
        <p className="form-error" role="alert" data-testid="invite-problem">
          {t(`invite.errors.${problem}`)}
        </p>
      ) : loggedInAs ? (
        <Form method="post" className="stack">
          <p className="muted">{t("invite.acceptAs", { name: loggedInAs })}</p>
          <button type="submit" disabled={busy}>
            {t("invite.accept")}
          </button>
        </Form>
      ) : (
        <div className="stack">
          <p>{t("invite.needAccount")}</p>
          <Link className="button" to={`/signup?next=${next}`}>
            {t("auth.signUp")}
          </Link>
          <Link to={`/login?next=${next}`}>{t("invite.haveAccount")}</Link>
        </div>
      )}
    </section>
  );
}
