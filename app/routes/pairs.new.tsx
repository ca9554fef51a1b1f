import { Form, useActionData, useNavigation } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { requireSession } from "../auth/session.server";
import { createPair } from "../pairs/pairs.server";
import { newPairSchema } from "../pairs/pair-forms";
import { parseForm } from "../forms/parse-form.server";
import { Field } from "../forms/field";

export const meta: MetaFunction = () => [{ title: "Nieuw koppel — Koers" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSession(request, context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireSession(request, context);
  const parsed = parseForm(newPairSchema, await request.formData());
  if (!parsed.ok) return { errors: parsed.errors, values: parsed.values };
  const pairId = await createPair(context.services, user.id, parsed.data);
  return redirect(`/pairs/${pairId}`);
}

export default function NewPairPage() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors: Partial<Record<string, string>> = result?.errors ?? {};
  const values: Partial<Record<string, string>> = result?.values ?? {};
  return (
    <section className="card narrow">
      <h1>{t("pairs.newTitle")}</h1>
      <p className="muted">{t("pairs.newIntro")}</p>
      <Form method="post" className="stack" noValidate>
        <fieldset className="choice" aria-describedby={errors.creatorRole ? "creatorRole-note" : undefined}>
          <legend>{t("pairs.yourRole")}</legend>
          {(["opleider", "aios"] as const).map((role) => (
            <label key={role} className="choice-option">
              <input type="radio" name="creatorRole" value={role} defaultChecked={values.creatorRole === role} required />
              {t(`roles.${role}`)}
            </label>
          ))}
          {errors.creatorRole ? (
            <small id="creatorRole-note" className="field-error">
              {t(errors.creatorRole)}
            </small>
          ) : null}
        </fieldset>
        <Field name="practiceName" label={t("pairs.practiceName")} defaultValue={values.practiceName} error={errors.practiceName} required />
        <fieldset className="choice" aria-describedby={errors.trainingYear ? "trainingYear-note" : undefined}>
          <legend>{t("pairs.trainingYear")}</legend>
          {(["1", "3"] as const).map((year) => (
            <label key={year} className="choice-option">
              <input type="radio" name="trainingYear" value={year} defaultChecked={values.trainingYear === year} required />
              {t("pairs.year", { year })}
            </label>
          ))}
          {errors.trainingYear ? (
            <small id="trainingYear-note" className="field-error">
              {t(errors.trainingYear)}
            </small>
          ) : null}
        </fieldset>
        <div className="row">
          <Field name="startsOn" type="date" label={t("pairs.startsOn")} defaultValue={values.startsOn} error={errors.startsOn} required />
          <Field name="endsOn" type="date" label={t("pairs.endsOn")} defaultValue={values.endsOn} error={errors.endsOn} required />
        </div>
        <button type="submit" disabled={busy}>
          {t("pairs.create")}
        </button>
      </Form>
    </section>
  );
}
