import { useState } from "react";
import { useTranslation } from "react-i18next";
import { IDENTITY_COLORS, type Identity } from "../live/identity";

/** Asks for the name and colour shown to the other person. */
export function JoinForm({ initial, onJoin }: { initial: Identity | null; onJoin: (identity: Identity) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial?.name ?? "");
  const [color, setColor] = useState<string>(initial?.color ?? IDENTITY_COLORS[0]);
  const [error, setError] = useState(false);
  return (
    <form
      className="card narrow stack"
      onSubmit={(event) => {
        event.preventDefault();
        if (!name.trim()) return setError(true);
        onJoin({ name: name.trim().slice(0, 60), color });
      }}
    >
      <h2>{t("meeting.join.title")}</h2>
      <p className="muted">{t("meeting.join.intro")}</p>
      <label htmlFor="display-name">{t("meeting.join.nameLabel")}</label>
      <input
        id="display-name"
        value={name}
        maxLength={60}
        autoComplete="name"
        aria-invalid={error || undefined}
        aria-describedby={error ? "display-name-error" : undefined}
        onChange={(event) => {
          setName(event.target.value);
          setError(false);
        }}
      />
      {error ? (
        <small id="display-name-error" className="field-error">
          {t("meeting.join.nameRequired")}
        </small>
      ) : null}
      <fieldset className="swatches">
        <legend>{t("meeting.join.colorLabel")}</legend>
        {IDENTITY_COLORS.map((c) => (
          <label key={c} className="swatch" style={{ background: c }}>
            <input type="radio" name="color" value={c} checked={color === c} onChange={() => setColor(c)} />
            <span className="visually-hidden">{c}</span>
          </label>
        ))}
      </fieldset>
      <button type="submit">{t("meeting.join.submit")}</button>
    </form>
  );
}
