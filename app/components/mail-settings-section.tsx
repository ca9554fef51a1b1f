import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SWITCHABLE_MAIL_KINDS, type SwitchableMailKind } from "../mail/mail-kinds";

/** The account page's "E-mail" card: a checkbox per kind of mail and the time zone reminders use. */
export function MailSettingsSection({
  settings,
  delivers,
  timeZones,
  error,
  busy,
}: {
  settings: { email: string; kinds: Record<SwitchableMailKind, boolean>; timeZone: string; language: string };
  delivers: boolean;
  timeZones: string[];
  error?: string;
  busy: boolean;
}) {
  const { t } = useTranslation();
  return (
    <section className="card" id="mail" aria-labelledby="mail-title" data-testid="mail-settings">
      <h2 id="mail-title">{t("mailSettings.title")}</h2>
      <p className="muted small">{t("mailSettings.intro", { email: settings.email })}</p>
      {delivers ? null : <p className="notice small">{t("mailSettings.notConfigured")}</p>}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="mailSettings" />
        <fieldset className="mail-kinds">
          <legend>{t("mailSettings.kinds")}</legend>
          {SWITCHABLE_MAIL_KINDS.map((kind) => (
            <label key={kind} className="check">
              <input type="checkbox" name={`kind.${kind}`} defaultChecked={settings.kinds[kind]} />
              {t(`mailSettings.kind.${kind}`)}
            </label>
          ))}
        </fieldset>
        <p className="muted small">{t("mailSettings.passwordResetNote")}</p>
        <div className="field">
          <label htmlFor="timeZone">{t("mailSettings.timeZone")}</label>
          <select id="timeZone" name="timeZone" defaultValue={settings.timeZone} aria-describedby="timeZone-note" aria-invalid={error ? true : undefined}>
            {timeZones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replace(/_/g, " ")}
              </option>
            ))}
          </select>
          <small id="timeZone-note" className={error ? "field-error" : "muted"}>
            {error ? t(error) : t("mailSettings.timeZoneHint")}
          </small>
        </div>
        <p className="muted small">{t(settings.language === "en" ? "mailSettings.languageEn" : "mailSettings.languageNl")}</p>
        <button type="submit" disabled={busy}>
          {t("mailSettings.save")}
        </button>
      </Form>
    </section>
  );
}
