import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { requestPasswordReset } from "../auth/password-reset.server";
import { clientIp } from "../auth/client-ip.server";
import { forgotPasswordSchema } from "../mail/mail-forms";
import { parseForm } from "../forms/parse-form.server";
import { Field } from "../forms/field";
import { languageFromCookie } from "../i18n/i18n";

export const meta: MetaFunction = () => [{ title: "Wachtwoord vergeten — Koers" }];

/**
 * Asks for a reset link. The answer is the same whether or not the address has an account
 * (the mail is only made when the job runs), and asking is limited per address and per IP.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(forgotPasswordSchema, await request.formData());
  if (!parsed.ok) return { sentTo: null, minutes: 0, errors: parsed.errors, values: parsed.values };
  const result = await requestPasswordReset(context.services, {
    email: parsed.data.email,
    ip: clientIp(request, context),
    language: languageFromCookie(request.headers.get("Cookie")),
  });
  if (!result.ok) return { sentTo: null, minutes: result.retryAfterMinutes, errors: { form: "passwordReset.tooMany" }, values: { email: parsed.data.email } };
  return { sentTo: parsed.data.email, minutes: 0, errors: {}, values: {} };
}

export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors: Partial<Record<string, string>> = result?.errors ?? {};
  const values: Partial<Record<string, string>> = result?.values ?? {};
  return (
    <section className="card narrow">
      <h1>{t("passwordReset.forgotTitle")}</h1>
      {result?.sentTo ? (
        <p className="notice" role="status" data-testid="reset-requested">
          {t("passwordReset.sent", { email: result.sentTo })}
        </p>
      ) : (
        <Form method="post" className="stack" noValidate>
          <p className="muted">{t("passwordReset.forgotIntro")}</p>
          {errors.form ? (
            <p className="form-error" role="alert">
              {t(errors.form, { minutes: result?.minutes ?? 60 })}
            </p>
          ) : null}
          <Field name="email" type="email" autoComplete="email" label={t("auth.email")} defaultValue={values.email} error={errors.email} required />
          <button type="submit" disabled={busy}>
            {t("passwordReset.send")}
          </button>
        </Form>
      )}
      <p className="small">
        <Link to="/login">{t("passwordReset.backToLogin")}</Link>
      </p>
    </section>
  );
}
