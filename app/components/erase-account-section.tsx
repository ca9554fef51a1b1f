import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field } from "../forms/field";
import type { ErasurePairSummary } from "../account/erasure.server";

/**
 * "Account verwijderen": what is deleted, what stays for the partner and why (pair by pair),
 * then the password and a tick before the button. The server checks both again.
 */
export function EraseAccountSection({ pairs, errors, busy }: { pairs: ErasurePairSummary[]; errors: Partial<Record<string, string>>; busy: boolean }) {
  const { t } = useTranslation();
  const deleted = t("yourData.erase.deleted", { returnObjects: true }) as string[];
  return (
    <section className="card stack erase-account" aria-labelledby="erase-title" data-testid="erase-section">
      <h2 id="erase-title">{t("yourData.erase.title")}</h2>
      <p>{t("yourData.erase.intro")}</p>
      <h3>{t("yourData.erase.deletedHeading")}</h3>
      <ul className="small">
        {deleted.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <h3>{t("yourData.erase.keptHeading")}</h3>
      <p className="small">{t("yourData.erase.kept")}</p>
      <ul className="small" data-testid="erase-pairs">
        {pairs.length === 0 ? <li>{t("yourData.erase.noPairs")}</li> : null}
        {pairs.map((p, i) => (
          <li key={i}>
            {p.partnerName !== null
              ? t("yourData.erase.pairKept", { practice: p.practiceName, count: p.meetingCount, partner: p.partnerName })
              : t("yourData.erase.pairDeleted", { practice: p.practiceName })}
          </li>
        ))}
      </ul>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="eraseAccount" />
        <Field name="erasePassword" type="password" autoComplete="current-password" label={t("yourData.erase.password")} error={errors.erasePassword} required />
        <label className="check">
          <input type="checkbox" name="understand" value="yes" aria-invalid={errors.understand ? true : undefined} aria-describedby={errors.understand ? "understand-note" : undefined} />{" "}
          {t("yourData.erase.understand")}
        </label>
        {errors.understand ? (
          <small id="understand-note" className="field-error">
            {t(errors.understand)}
          </small>
        ) : null}
        <p>
          <button type="submit" className="danger" disabled={busy}>
            {t("yourData.erase.submit")}
          </button>
        </p>
      </Form>
    </section>
  );
}
