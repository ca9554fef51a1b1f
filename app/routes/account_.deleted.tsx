import { Link } from "@remix-run/react";
import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";

export const meta: MetaFunction = () => [{ title: "Account verwijderd — Koers" }];

/** Where an erased account lands: what happened, and what stays for the partner. No session needed. */
export default function AccountDeleted() {
  const { t } = useTranslation();
  return (
    <div className="stack-lg narrow">
      <section className="card stack" data-testid="account-deleted">
        <h1>{t("yourData.deleted.title")}</h1>
        <p>{t("yourData.deleted.body")}</p>
        <p>
          <Link to="/">{t("yourData.deleted.home")}</Link>
        </p>
      </section>
    </div>
  );
}
