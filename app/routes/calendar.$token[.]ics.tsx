import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarFor } from "../calendar/calendar-feed.server";

/**
 * A user's calendar feed, /calendar/<token>.ics. No session: calendar apps send no cookies, so
 * the secret in the URL is the credential. Unknown or revoked tokens get a plain 404.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ics = await calendarFor(context.services, params.token ?? "", { baseUrl: new URL(request.url).origin });
  if (ics === null) {
    return new Response("Niet gevonden", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" } });
  }
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="koers.ics"',
      "Cache-Control": "private, no-store",
      // The URL is a secret: keep it out of search engines.
      "X-Robots-Tag": "noindex",
    },
  });
}
