import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { AccountError, signUp } from "../auth/accounts.server";
import { signUpSchema } from "../auth/account-forms";
import { logInAndRedirect, optionalSession, safeNextPath } from "../auth/session.server";
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
  if (!parsed.ok) return { errors: parsed.errors, values: parsed.values };
  try {
    const userId = await signUp(context.services.db, parsed.data);
    // Someone who came through an invite link goes back to it to accept, now logged in.
    return await logInAndRedirect(request, context, userId, next);
  } catch (error) {
    if (!(error instanceof AccountError)) throw error;
    return { errors: { email: `auth.errors.${error.problem}` }, values: { name: parsed.data.name, email: parsed.data.email } };
  }
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
