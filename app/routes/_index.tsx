import { Form, useActionData } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { isValidMeetingId } from "../collab/protocol";

export const meta: MetaFunction = () => [{ title: "Koers" }];

const openSchema = z.object({ meetingId: z.string().trim().refine(isValidMeetingId) });

export async function action({ request }: ActionFunctionArgs) {
  const parsed = openSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return { error: "home.meetingIdHint" as const };
  return redirect(`/meetings/${parsed.data.meetingId}`);
}

export default function Index() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  return (
    <section className="card narrow">
      <h1>{t("home.title")}</h1>
      <p className="muted">{t("app.tagline")}</p>
      <p>{t("home.intro")}</p>
      <Form method="post" className="stack">
        <h2>{t("home.openMeeting")}</h2>
        <label htmlFor="meetingId">{t("home.meetingIdLabel")}</label>
        <input
          id="meetingId"
          name="meetingId"
          required
          pattern="[A-Za-z0-9_\-]{1,64}"
          aria-describedby="meetingId-hint"
          aria-invalid={result?.error ? true : undefined}
        />
        <small id="meetingId-hint" className={result?.error ? "field-error" : "muted"}>
          {t("home.meetingIdHint")}
        </small>
        <button type="submit">{t("home.open")}</button>
      </Form>
    </section>
  );
}
