import { useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { Fragment } from "react";
import { formatInstant } from "../meetings/format";

export const meta: MetaFunction = () => [{ title: "Outbox — Koers" }, { name: "robots", content: "noindex" }];

// Development only: without SMTP_URL, mails go to the log, and the last ones are shown here
// (with their links clickable) so the invite, reminder and reset flows can be tried locally.
// Everywhere else this page does not exist: it would show other people's mail.

export async function loader({ context }: LoaderFunctionArgs) {
  const outbox = context.services.mail.outbox;
  if (!outbox || process.env.NODE_ENV !== "development") throw new Response("Not found", { status: 404 });
  return { mails: outbox.list() };
}

export default function OutboxPage() {
  const { t, i18n } = useTranslation();
  const { mails } = useLoaderData<typeof loader>();
  return (
    <div className="stack-lg">
      <h1>{t("outbox.title")}</h1>
      <p className="muted">{t("outbox.intro")}</p>
      {mails.length === 0 ? <p>{t("outbox.empty")}</p> : null}
      {mails.map((mail) => (
        <article key={mail.id} className="card stack outbox-mail" data-testid="outbox-mail">
          <h2>{mail.subject}</h2>
          <p className="muted small">
            {t("outbox.to")}: {mail.to} · {t("outbox.at")}: {formatInstant(mail.at, i18n.language)} · {mail.kind}
          </p>
          <details open>
            <summary>{t("outbox.text")}</summary>
            <pre className="outbox-text">
              <LinkedText text={mail.text} />
            </pre>
          </details>
          <details>
            <summary>{t("outbox.html")}</summary>
            {/* sandbox without permissions: the mail's HTML cannot run scripts or navigate this page. */}
            <iframe title={mail.subject} className="outbox-html" sandbox="" srcDoc={mail.html} />
          </details>
        </article>
      ))}
    </div>
  );
}

/** The text with its http(s) links clickable (React escapes the rest). */
function LinkedText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>{i % 2 === 1 ? <a href={part}>{part}</a> : part}</Fragment>
      ))}
    </>
  );
}
