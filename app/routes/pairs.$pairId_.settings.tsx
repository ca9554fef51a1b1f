import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { orRefuse, pairAccess } from "../auth/access.server";
import { requireSession } from "../auth/session.server";
import { Field } from "../forms/field";
import { parseForm } from "../forms/parse-form.server";
import { saveNormSettings } from "../pairs/dashboard.server";
import { DEFAULT_NORM_SETTINGS, NORM_SETTING_KEYS, normSettingsSchema, parseNormSettings, type NormSettings } from "../norms/settings";
import { INTERVAL_NORMS } from "../norms/norm-list";

// The pair's norm settings (issue #5: "the intervals are settings of the pair with these
// defaults"). Both members may change them; the dashboard's norms follow at once.

export const meta: MetaFunction = () => [{ title: "Normen instellen — Koers" }];

/** What the form says about each setting: its label (with its subject) and the message when it is out of bounds (with its bounds). */
function settingWords(key: keyof NormSettings): { label: string; subject?: string; error: string } {
  const norm = INTERVAL_NORMS.find((n) => n.settingKey === key);
  if (!norm) return { label: `pairSettings.fields.${key}`, error: `pairSettings.errors.${key}` };
  return { label: norm.i18n.setting, subject: norm.i18n.subject, error: "pairSettings.errors.everyWeeks" };
}

/** One submitted field: a whole number within normSettingsSchema's bounds (the only place they live), or its Dutch message. */
function settingField(key: keyof NormSettings) {
  const message = settingWords(key).error;
  const bounds = normSettingsSchema.shape[key];
  return z
    .string({ message })
    .trim()
    .min(1, message)
    .pipe(z.coerce.number({ message }))
    .superRefine((value, ctx) => {
      if (!bounds.safeParse(value).success) ctx.addIssue({ code: z.ZodIssueCode.custom, message });
    });
}

const normSettingsFormSchema = z.object(Object.fromEntries(NORM_SETTING_KEYS.map((key) => [key, settingField(key)])));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { pair } = orRefuse(await pairAccess(context.services.db, user.id, params.pairId ?? ""));
  return { pair: { id: pair.id, practiceName: pair.practice_name }, settings: parseNormSettings(pair.norm_settings) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user } = await requireSession(request, context);
  const { pair } = orRefuse(await pairAccess(context.services.db, user.id, params.pairId ?? ""));
  const form = await request.formData();
  let settings: NormSettings | null;
  if (form.get("intent") === "reset") {
    settings = null;
  } else {
    const parsed = parseForm(normSettingsFormSchema, form);
    if (!parsed.ok) return { saved: false, errors: parsed.errors, values: parsed.values };
    settings = normSettingsSchema.parse(parsed.data);
  }
  // Open dashboards of the pair reload their norms.
  await saveNormSettings(context.services, pair.id, settings);
  return { saved: true, errors: {}, values: {} };
}

export default function PairSettingsPage() {
  const { t } = useTranslation();
  const { pair, settings } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors: Partial<Record<string, string>> = result?.errors ?? {};
  const values: Record<string, string> = result?.values ?? {};
  return (
    <div className="stack-lg narrow">
      <nav className="crumbs small" aria-label={t("meeting.breadcrumb")}>
        <Link to={`/pairs/${pair.id}`}>{pair.practiceName}</Link>
      </nav>
      <h1>{t("pairSettings.title")}</h1>
      <p className="muted">{t("pairSettings.intro")}</p>
      {result?.saved ? (
        <p className="notice" role="status">
          {t("pairSettings.saved")}
        </p>
      ) : null}
      <section className="card">
        {/* Re-mounted when the stored settings change, so the fields show what was saved. */}
        <Form method="post" className="stack" noValidate key={JSON.stringify(settings)}>
          {NORM_SETTING_KEYS.map((key) => {
            const bounds = normSettingsSchema.shape[key];
            const words = settingWords(key);
            return (
              <Field
                key={key}
                name={key}
                type="number"
                inputMode="numeric"
                step={1}
                min={bounds.minValue ?? undefined}
                max={bounds.maxValue ?? undefined}
                label={t(words.label, { kind: words.subject ? t(words.subject) : "" })}
                hint={t("pairSettings.defaultHint", { value: DEFAULT_NORM_SETTINGS[key] })}
                defaultValue={values[key] ?? String(settings[key])}
                error={errors[key]}
                errorValues={{ min: bounds.minValue, max: bounds.maxValue }}
                required
              />
            );
          })}
          <div className="row">
            <button type="submit" name="intent" value="save" disabled={busy}>
              {t("pairSettings.save")}
            </button>
            <button type="submit" name="intent" value="reset" className="secondary" disabled={busy}>
              {t("pairSettings.reset")}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}
