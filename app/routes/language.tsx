import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { LANGUAGE_COOKIE, LANGUAGES } from "../i18n/i18n";
import { safeNextPath } from "../auth/session.server";

const schema = z.object({
  language: z.enum(LANGUAGES),
  redirectTo: z.string().catch("/"),
});

/** Stores the chosen language for a year and returns to the page it was chosen on. */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Unknown language", { status: 400 });
  // Only a path on this site: never redirect elsewhere.
  return redirect(safeNextPath(parsed.data.redirectTo, request.url), {
    headers: {
      "Set-Cookie": `${LANGUAGE_COOKIE}=${parsed.data.language}; Path=/; Max-Age=31536000; SameSite=Lax`,
    },
  });
}

export async function loader() {
  return redirect("/");
}
