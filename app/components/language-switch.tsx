import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Language } from "../i18n/i18n";

/** Switches between Dutch and English; the choice is kept in a cookie. */
export function LanguageSwitch({ current }: { current: Language }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Form method="post" action="/language" className="language-switch">
      <input type="hidden" name="language" value={current === "nl" ? "en" : "nl"} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" className="link-button">
        <span className="visually-hidden">{t("app.language")}: </span>
        {t("app.switchTo")}
      </button>
    </Form>
  );
}
