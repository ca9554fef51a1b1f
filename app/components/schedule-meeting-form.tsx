import { Form } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { MEETING_KINDS, kindOf } from "../meetings/kinds";
import { DEFAULT_PLANNED_MINUTES } from "../meetings/meeting-forms";
import { Field } from "../forms/field";

interface Props {
  errors: Partial<Record<string, string>>;
  values: Partial<Record<string, string>>;
  busy: boolean;
}

/** Schedules a leergesprek: kind (and taakgericht sub-form), date, time, planned length, title. */
export function ScheduleMeetingForm({ errors, values, busy }: Props) {
  const { t } = useTranslation();
  const [kind, setKind] = useState(values.kind ?? "taakgericht");
  const subkinds = kindOf(kind).subkinds;
  return (
    <Form method="post" className="stack" noValidate>
      <input type="hidden" name="intent" value="schedule" />
      <div className="field">
        <label htmlFor="kind">{t("meetings.kind")}</label>
        <select id="kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value)} aria-invalid={errors.kind ? true : undefined}>
          {MEETING_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`meetingKinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      {subkinds.length > 0 ? (
        // Re-mounted per kind: another kind's sub-forms start at their own first one.
        <div className="field">
          <label htmlFor="subkind">{t("meetings.subkind")}</label>
          <select key={kind} id="subkind" name="subkind" defaultValue={values.subkind ?? subkinds[0]!.id} aria-invalid={errors.subkind ? true : undefined} aria-describedby={errors.subkind ? "subkind-note" : undefined}>
            {subkinds.map((s) => (
              <option key={s.id} value={s.id}>
                {t(`taakSubkinds.${s.id}`)}
              </option>
            ))}
          </select>
          {errors.subkind ? (
            <small id="subkind-note" className="field-error">
              {t(errors.subkind)}
            </small>
          ) : null}
        </div>
      ) : null}
      <div className="row">
        <Field name="date" type="date" label={t("meetings.date")} defaultValue={values.date} error={errors.date} required />
        <Field name="time" type="time" label={t("meetings.time")} defaultValue={values.time ?? "13:00"} error={errors.time} required />
        <Field
          name="plannedMinutes"
          type="number"
          min={10}
          max={240}
          step={5}
          label={t("meetings.plannedMinutes")}
          defaultValue={values.plannedMinutes ?? String(DEFAULT_PLANNED_MINUTES)}
          error={errors.plannedMinutes}
          required
        />
      </div>
      <Field name="title" label={t("meetings.titleOptional")} defaultValue={values.title} error={errors.title} />
      <label className="check">
        <input type="checkbox" name="useTemplate" defaultChecked={values.kind ? values.useTemplate === "on" : true} />
        {t("meetings.useTemplate")}
      </label>
      <button type="submit" disabled={busy}>
        {t("meetings.scheduleButton")}
      </button>
    </Form>
  );
}
