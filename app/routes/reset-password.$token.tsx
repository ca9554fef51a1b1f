import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { checkPasswordResetLink, resetPassword } from "../auth/password-reset.server";
import { logInAndRedirect } from "../auth/session.server";
import { resetPasswordSchema } from "../mail/mail-forms";
import { parseForm } from "../forms/parse-form.server";
import { Field } from "../forms/field";

export const meta: MetaFunction = () => [{ title: "Nieuw wachtwoord — Koers" }, { name: "referrer", content: "no-referrer" }];

/** The link from the "Wachtwoord vergeten" mail: a form for a new password while the link still works. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const link = await checkPasswordResetLink(context.services.db, params.token ?? "");
  return { email: link?.email ?? null };
}

/** Sets the new password (the link works once), ends every session of the account, and logs in here. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const parsed = parseForm(resetPasswordSchema, await request.formData());
  if (!parsed.ok) return { invalid: false, errors: parsed.errors };
  const userId = await resetPassword(context.services, params.token ?? "", parsed.data.newPassword);
  if (!userId) return { invalid: true, errors: {} };
  return logInAndRedirect(request, context, userId, "/account?passwordReset=1");
}

export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const { email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors: Partial<Record<string, string>> = result?.errors ?? {};
  if (!email || result?.invalid) {
    return (
      <section className="card narrow" data-testid="reset-invalid">
        <h1>{t("passwordReset.invalidTitle")}</h1>
        <p>{t("passwordReset.invalid")}</p>
        <p>
          <Link className="button" to="/forgot-password">
            {t("passwordReset.requestNew")}
          </Link>
        </p>
      </section>
    );
  }
  return (
    <section className="card narrow">
      <h1>{t("passwordReset.resetTitle")}</h1>
      <p className="muted">{t("passwordReset.resetIntro", { email })}</p>
      <Form method="post" className="stack" noValidate>
        {/* For password managers: which account this new password belongs to. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <Field name="newPassword" type="password" autoComplete="new-password" label={t("passwordReset.newPassword")} hint={t("auth.passwordHint")} error={errors.newPassword} required minLength={10} />
        <Field name="repeatPassword" type="password" autoComplete="new-password" label={t("passwordReset.repeatPassword")} error={errors.repeatPassword} required />
        <button type="submit" disabled={busy}>
          {t("passwordReset.save")}
        </button>
      </Form>
    </section>
  );
}
