import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { AccountError, logIn } from "../auth/accounts.server";
import { logInSchema } from "../auth/account-forms";
import { logInAndRedirect, optionalSession, safeNextPath, signedUpCookie } from "../auth/session.server";
import { clientIp } from "../auth/client-ip.server";
import { deviceTokenOf } from "../auth/device-cookie.server";
import { parseForm } from "../forms/parse-form.server";
import { Field, FormError } from "../forms/field";

export const meta: MetaFunction = () => [{ title: "Inloggen — Koers" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const next = safeNextPath(new URL(request.url).searchParams.get("next"), request.url);
  if (await optionalSession(request, context)) throw redirect(next);
  // Just signed up: the address to fill in and the "almost done" notice.
  const signedUp: unknown = await signedUpCookie.parse(request.headers.get("Cookie"));
  return { signedUpEmail: typeof signedUp === "string" && signedUp.length <= 200 ? signedUp : null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const next = safeNextPath(new URL(request.url).searchParams.get("next"), request.url);
  const parsed = parseForm(logInSchema, form);
  if (!parsed.ok) return { errors: parsed.errors, values: parsed.values, minutes: 0 };
  try {
    const user = await logIn(context.services, { ...parsed.data, ip: clientIp(request, context), deviceToken: await deviceTokenOf(request) });
    return await logInAndRedirect(request, context, user.id, next);
  } catch (error) {
    if (!(error instanceof AccountError)) throw error;
    const minutes = Math.ceil(error.retryAfterMs / 60_000);
    return { errors: { form: `auth.errors.${error.problem}` }, values: { email: parsed.data.email }, minutes };
  }
}

export default function LoginPage() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const { signedUpEmail } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const signupLink = params.get("next") ? `/signup?next=${encodeURIComponent(params.get("next")!)}` : "/signup";
  return (
    <section className="card narrow">
      <h1>{t("auth.logIn")}</h1>
      {signedUpEmail && !result ? (
        <div className="notice" role="status" data-testid="signed-up-notice">
          <p>{t("safety.signUp.almostDone")}</p>
          <p className="small">{t("safety.signUp.existingHint")}</p>
        </div>
      ) : null}
      <Form method="post" className="stack" noValidate>
        {result?.errors.form ? (
          <p className="form-error" role="alert">
            {t(result.errors.form, { minutes: result.minutes })}
          </p>
        ) : (
          <FormError />
        )}
        <Field name="email" type="email" autoComplete="email" label={t("auth.email")} defaultValue={result?.values.email ?? signedUpEmail ?? undefined} error={result?.errors.email} required />
        <Field
          name="password"
          type="password"
          autoComplete="current-password"
          label={t("auth.password")}
          error={result?.errors.password}
          required
          autoFocus={Boolean(signedUpEmail) && !result}
        />
        <button type="submit" disabled={busy}>
          {t("auth.logIn")}
        </button>
      </Form>
      <p className="small">
        <Link to="/forgot-password">{t("passwordReset.forgotLink")}</Link>
      </p>
      <p className="small">
        {t("auth.noAccount")} <Link to={signupLink}>{t("auth.signUp")}</Link>
      </p>
    </section>
  );
}
