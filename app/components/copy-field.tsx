import { useState } from "react";
import { useTranslation } from "react-i18next";

/** A read-only value with a copy button (the invite link: no mail server needed). */
export function CopyField({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <div className="field">
      <label htmlFor="copy-field">{label}</label>
      <div className="row">
        <input id="copy-field" readOnly value={value} data-testid={testId} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          className="secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(() => setCopied(true), () => setCopied(false));
          }}
        >
          {t("common.copy")}
        </button>
      </div>
      <small className="muted" role="status">
        {copied ? t("common.copied") : hint}
      </small>
    </div>
  );
}
