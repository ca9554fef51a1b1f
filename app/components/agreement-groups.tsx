import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { OpenAgreementView } from "../agreements/open-agreements.server";
import { formatDay } from "../meetings/format";

type Groups = { overdue: OpenAgreementView[]; thisWeek: OpenAgreementView[]; later: OpenAgreementView[] };

/** Open agreements as the dashboard shows them: verlopen, deze week, later. */
export function AgreementGroups({ groups }: { groups: Groups }) {
  const { t, i18n } = useTranslation();
  const sections = [
    { key: "overdue", items: groups.overdue },
    { key: "thisWeek", items: groups.thisWeek },
    { key: "later", items: groups.later },
  ] as const;
  if (sections.every((s) => s.items.length === 0)) return <p className="muted">{t("dashboard.noOpenAgreements")}</p>;
  return (
    <div className="agreement-groups">
      {sections.map((section) =>
        section.items.length ? (
          <section key={section.key} className={`agreement-group group-${section.key}`} data-testid={`agreements-${section.key}`}>
            <h3>
              {t(`dashboard.groups.${section.key}`)} <span className="count">{section.items.length}</span>
            </h3>
            <ul className="plain-list">
              {section.items.map((a) => (
                <li key={`${a.meetingId}/${a.id}`}>
                  <Link to={`/meetings/${a.meetingId}`}>{a.text}</Link>{" "}
                  <span className="muted small">
                    · {t(`agreements.owners.${a.owner}`)}
                    {a.followUpDate ? ` · ${formatDay(a.followUpDate, i18n.language)}` : ""}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ) : null,
      )}
    </div>
  );
}
