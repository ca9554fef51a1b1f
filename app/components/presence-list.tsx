import { useTranslation } from "react-i18next";
import type { PresenceEntry } from "../live/events";

/**
 * Who is on the meeting page now, each with their colour: one compact line in the meeting's
 * header. A person with the page open on two devices (laptop and tablet) is listed once.
 */
export function PresenceList({ people, selfId }: { people: PresenceEntry[]; selfId: string | null }) {
  const { t } = useTranslation();
  const selfUserId = people.find((p) => p.socketId === selfId)?.userId ?? null;
  const persons = [...new Map(people.map((p) => [p.userId, p])).values()];
  return (
    <section className="presence" aria-labelledby="presence-title">
      <h2 id="presence-title" className="section-title">
        {t("meeting.present")}
      </h2>
      <ul data-testid="presence-list" aria-live="polite">
        {persons.map((person) => (
          <li key={person.userId}>
            <span className="dot" style={{ background: person.color }} aria-hidden="true" />
            {person.name} {person.userId === selfUserId ? <span className="muted">{t("meeting.you")}</span> : null}
          </li>
        ))}
      </ul>
      {persons.length <= 1 ? <p className="muted small">{t("meeting.nobodyElse")}</p> : null}
    </section>
  );
}
