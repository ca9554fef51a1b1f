import { useTranslation } from "react-i18next";
import type { PresenceEntry } from "../live/events";

/** Who is on the meeting page now, each with their colour: one compact line in the meeting's header. */
export function PresenceList({ people, selfId }: { people: PresenceEntry[]; selfId: string | null }) {
  const { t } = useTranslation();
  return (
    <section className="presence" aria-labelledby="presence-title">
      <h2 id="presence-title" className="section-title">
        {t("meeting.present")}
      </h2>
      <ul data-testid="presence-list" aria-live="polite">
        {people.map((person) => (
          <li key={person.socketId}>
            <span className="dot" style={{ background: person.color }} aria-hidden="true" />
            {person.name} {person.socketId === selfId ? <span className="muted">{t("meeting.you")}</span> : null}
          </li>
        ))}
      </ul>
      {people.length <= 1 ? <p className="muted small">{t("meeting.nobodyElse")}</p> : null}
    </section>
  );
}
