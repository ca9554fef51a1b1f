import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { setOptOut } from "../../db/mail-settings";

export const meta: MetaFunction = () => [{ title: "Mails uitzetten — Koers" }, { name: "robots", content: "noindex" }];

// The switch-off link in every mail: it works without logging in (the signed link is the
// credential). Opening it only asks (mail scanners open links); the button, or a mail
// program's one-click unsubscribe (RFC 8058, a POST), switches that kind off.

export async function loader({ params, context }: LoaderFunctionArgs) {
  const link = context.services.mail.links.verify(params.token ?? "");
  return { link };
}

export async function action({ params, context }: ActionFunctionArgs) {
  const link = context.services.mail.links.verify(params.token ?? "");
  if (!link) return json({ done: false }, { status: 404 });
  await setOptOut(context.services.db, link.address, link.kind, true);
  return json({ done: true });
}

export default function MailOffPage() {
  const { t } = useTranslation();
  const { link } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  if (!link) {
    return (
      <section className="card narrow" data-testid="mail-off">
        <h1>{t("mailOff.title")}</h1>
        <p>{t("mailOff.invalid")}</p>
        <Link to="/account#mail">{t("mailOff.toAccount")}</Link>
      </section>
    );
  }
  return (
    <section className="card narrow stack" data-testid="mail-off">
      <h1>{t("mailOff.title")}</h1>
      <p>
        <strong>{t(`mailOff.kind.${link.kind}`)}</strong>
      </p>
      {result?.done ? (
        <>
          <p className="notice" role="status">
            {t("mailOff.done", { email: link.address })}
          </p>
          <p className="muted small">{t("mailOff.undo")}</p>
          <Link to="/account#mail">{t("mailOff.toAccount")}</Link>
        </>
      ) : (
        <Form method="post" className="stack">
          <p>{t("mailOff.question", { email: link.address })}</p>
          <button type="submit" disabled={busy}>
            {t("mailOff.button")}
          </button>
        </Form>
      )}
    </section>
  );
}
