import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { AccountError, signUp } from "../auth/accounts.server";
import { signUpSchema } from "../auth/account-forms";
import { optionalSession, safeNextPath, secureCookieFor, signedUpCookie } from "../auth/session.server";
import { clientIp } from "../auth/client-ip.server";
import { parseForm } from "../forms/parse-form.server";
import { Field } from "../forms/field";

export const meta: MetaFunction = () => [{ title: "Account maken — Koers" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const next = safeNextPath(url.searchParams.get("next"), request.url);
  if (await optionalSession(request, context)) throw redirect(next);
  return { next };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const next = safeNextPath(new URL(request.url).searchParams.get("next"), request.url);
  const parsed = parseForm(signUpSchema, await request.formData());
  if (!parsed.ok) return { errors: parsed.errors, values: parsed.values, minutes: 0 };
  try {
    await signUp(context.services, { ...parsed.data, ip: clientIp(request, context) });
  } catch (error) {
    if (!(error instanceof AccountError)) throw error;
    const minutes = Math.ceil(error.retryAfterMs / 60_000);
    return { errors: { form: "safety.signUp.tooMany" }, values: { name: parsed.data.name, email: parsed.data.email }, minutes };
  }
  // The same answer whether or not the address had an account (issue #13.12): on to the login
  // page with the address filled in; someone who came through an invite link goes back to it after.
  const secure = secureCookieFor(context.services.cookieSecurity, request);
  return redirect(next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`, {
    headers: { "Set-Cookie": await signedUpCookie.serialize(parsed.data.email, { secure }) },
  });
}

export default function SignupPage() {
  const { t } = useTranslation();
  const { next } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const viaInvite = next.startsWith("/invite/");
  return (
    <section className="card narrow">
      <h1>{t("auth.signUpTitle")}</h1>
      {viaInvite ? <p className="notice">{t("auth.signUpForInvite")}</p> : <p className="muted">{t("auth.signUpIntro")}</p>}
      <Form method="post" className="stack" noValidate>
        {result?.errors.form ? (
          <p className="form-error" role="alert">
            {t(result.errors.form, { minutes: result.minutes })}
          </p>
        ) : null}
        <Field name="name" autoComplete="name" label={t("auth.name")} defaultValue={result?.values.name} error={result?.errors.name} required />
        <Field name="email" type="email" autoComplete="email" label={t("auth.email")} defaultValue={result?.values.email} error={result?.errors.email} required />
        <Field
          name="password"
          type="password"
          autoComplete="new-password"
          label={t("auth.password")}
          hint={t("auth.passwordHint")}
          error={result?.errors.password}
          required
          minLength={10}
        />
        <button type="submit" disabled={busy}>
          {t("auth.signUp")}
        </button>
      </Form>
      <p className="small">
        {t("auth.haveAccount")} <Link to={next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`}>{t("auth.logIn")}</Link>
      </p>
    </section>
  );
}
