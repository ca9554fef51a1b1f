import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { LANGUAGE_COOKIE, LANGUAGES } from "../i18n/i18n";
import { optionalSession, safeNextPath } from "../auth/session.server";
import { setUserLanguage } from "../../db/mail-settings";

const schema = z.object({
  language: z.enum(LANGUAGES),
  // Only a path on this site: never redirect elsewhere.
  redirectTo: z.string().regex(/^\/(?!\/)/).catch("/"),
});

/**
 * Stores the chosen language for a year and returns to the page it was chosen on. Logged in,
 * it is also the account's language: the one its mails are written in.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Unknown language", { status: 400 });
  const session = await optionalSession(request, context);
  if (session) await setUserLanguage(context.services.db, session.user.id, parsed.data.language);
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
