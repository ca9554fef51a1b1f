import type { InputHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  /** The i18n key of the problem with this field, shown under it. */
  error?: string;
  /** Values the error's message mentions (e.g. its bounds). */
  errorValues?: Record<string, unknown>;
  hint?: string;
}

/** A labelled input with its hint or error under it, wired for screen readers. */
export function Field({ name, label, error, errorValues, hint, id = name, ...input }: FieldProps) {
  const { t } = useTranslation();
  const describedBy = error || hint ? `${id}-note` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {error ? (
        <small id={describedBy} className="field-error">
          {t(error, errorValues)}
        </small>
      ) : hint ? (
        <small id={describedBy} className="muted">
          {hint}
        </small>
      ) : null}
    </div>
  );
}

/** A form-wide problem (not tied to one field), announced when it appears. */
export function FormError({ error }: { error?: string }) {
  const { t } = useTranslation();
  return error ? (
    <p className="form-error" role="alert">
      {t(error)}
    </p>
  ) : null;
}
