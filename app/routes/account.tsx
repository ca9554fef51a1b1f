import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { AccountError, changePassword, endOtherSessions } from "../auth/accounts.server";
import { changePasswordSchema } from "../auth/account-forms";
import { requireSession, sessionKey } from "../auth/session.server";
import { parseForm } from "../forms/parse-form.server";
import { deviceTokenOf } from "../auth/device-cookie.server";
import { Field } from "../forms/field";
import { MailSettingsSection } from "../components/mail-settings-section";
import { readMailSettings, saveMailSettings } from "../mail/mail-settings.server";
import { mailSettingsSchema } from "../mail/mail-forms";
import { SWITCHABLE_MAIL_KINDS } from "../mail/mail-kinds";
import { timeZoneChoices } from "../mail/mail-time";
import { ExportSection } from "../components/export-section";
import { EraseAccountSection } from "../components/erase-account-section";
import { eraseOwnAccount, erasureSummary } from "../account/erasure.server";
import { redirect } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Account — Koers" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  const mail = await readMailSettings(context.services.db, user.id);
  const passwordReset = new URL(request.url).searchParams.has("passwordReset");
  const erasure = await erasureSummary(context.services, user.id);
  return { user, mail, mailDelivers: context.services.mail.delivers, timeZones: timeZoneChoices(), passwordReset, erasure, isAios: erasure.some((p) => p.role === "aios") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, token } = await requireSession(request, context);
  const form = await request.formData();
  if (form.get("intent") === "logOutElsewhere") {
    await endOtherSessions(context.services, user.id, token, await deviceTokenOf(request));
    context.services.closeSessions({ userId: user.id, exceptSession: sessionKey(token) });
    return { done: "account.loggedOutElsewhere", errors: {} };
  }
  if (form.get("intent") === "eraseAccount") {
    const outcome = await eraseOwnAccount(context.services, { userId: user.id, password: String(form.get("erasePassword") ?? ""), confirmed: form.get("understand") === "yes" });
    if (outcome.ok) return redirect("/account/deleted", { headers: { "Set-Cookie": await context.services.sessionCookie.serialize("", { maxAge: 0 }) } });
    const field = outcome.problem === "mustConfirm" ? "understand" : "erasePassword";
    return { done: null, errors: { [field]: `yourData.erase.${outcome.problem === "tooManyAttempts" ? "tooMany" : outcome.problem}` } };
  }
  if (form.get("intent") === "mailSettings") {
    const parsed = parseForm(mailSettingsSchema, form);
    if (!parsed.ok) return { done: null, errors: parsed.errors };
    const kinds = Object.fromEntries(SWITCHABLE_MAIL_KINDS.map((kind) => [kind, parsed.data[`kind.${kind}`] === "on"])) as Record<(typeof SWITCHABLE_MAIL_KINDS)[number], boolean>;
    await saveMailSettings(context.services.db, user.id, { kinds, timeZone: parsed.data.timeZone });
    return { done: "mailSettings.saved", errors: {} };
  }
  const parsed = parseForm(changePasswordSchema, form);
  if (!parsed.ok) return { done: null, errors: parsed.errors };
  try {
    await changePassword(context.services, { userId: user.id, currentToken: token, deviceToken: await deviceTokenOf(request), ...parsed.data });
    context.services.closeSessions({ userId: user.id, exceptSession: sessionKey(token) });
    return { done: "account.passwordChanged", errors: {} };
  } catch (error) {
    if (!(error instanceof AccountError)) throw error;
    return { done: null, errors: { currentPassword: `auth.errors.${error.problem}` } };
  }
}

export default function AccountPage() {
  const { t } = useTranslation();
  const { user, mail, mailDelivers, timeZones, passwordReset, erasure, isAios } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors: Partial<Record<string, string>> = result?.errors ?? {};
  return (
    <div className="stack-lg narrow">
      <h1>{t("account.title")}</h1>
      <p>
        {user.name} · <span className="muted">{user.email}</span>
      </p>
      {result?.done ? (
        <p className="notice" role="status">
          {t(result.done)}
        </p>
      ) : passwordReset ? (
        <p className="notice" role="status">
          {t("passwordReset.done")}
        </p>
      ) : null}
      <section className="card">
        <h2>{t("account.changePassword")}</h2>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="changePassword" />
          <Field name="currentPassword" type="password" autoComplete="current-password" label={t("account.currentPassword")} error={errors.currentPassword} required />
          <Field name="newPassword" type="password" autoComplete="new-password" label={t("account.newPassword")} hint={t("auth.passwordHint")} error={errors.newPassword} required />
          <Field name="repeatPassword" type="password" autoComplete="new-password" label={t("account.repeatPassword")} error={errors.repeatPassword} required />
          <p className="muted small">{t("account.changePasswordNote")}</p>
          <button type="submit" disabled={busy}>
            {t("account.changePassword")}
          </button>
        </Form>
      </section>
      {mail ? <MailSettingsSection settings={mail} delivers={mailDelivers} timeZones={timeZones} error={errors.timeZone} busy={busy} /> : null}
      <ExportSection isAios={isAios} />
      <section className="card">
        <h2>{t("report.archive")}</h2>
        <p className="muted small">{t("report.archiveHint")}</p>
        <a className="button secondary" href="/account/archive.md" download>
          {t("report.downloadMarkdown")}
        </a>
      </section>
      <section className="card">
        <h2>{t("calendar.title")}</h2>
        <p className="muted small">{t("calendar.cardIntro")}</p>
        <Link className="button secondary" to="/account/calendar">
          {t("calendar.open")}
        </Link>
      </section>
      <section className="card">
        <h2>{t("account.sessions")}</h2>
        <p className="muted small">{t("account.sessionsNote")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="logOutElsewhere" />
          <button type="submit" className="secondary" disabled={busy}>
            {t("account.logOutElsewhere")}
          </button>
        </Form>
      </section>
      <EraseAccountSection pairs={erasure} errors={errors} busy={busy} />
    </div>
  );
}
