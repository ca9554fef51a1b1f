import type { LoaderFunctionArgs } from "@remix-run/node";
import { documentAccess } from "../auth/access.server";
import { sessionFromCookieHeader } from "../auth/session.server";
import type { DocAccess } from "../collab/protocol";

/**
 * Why the Yjs endpoint refuses a document for this browser. A refused websocket upgrade
 * gives the page no reason it can read, so the page asks here (the same checks, same cookie)
 * and shows it: log in again, or no access.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const docName = new URL(request.url).searchParams.get("doc") ?? "";
  const session = await sessionFromCookieHeader(context.services, request.headers.get("Cookie"));
  let access: DocAccess = "loggedOut";
  if (session) {
    const result = await documentAccess(context.services.db, session.user.id, docName);
    // One answer for "does not exist" and "not yours": this endpoint must not tell which
    // meeting ids exist in other pairs (the page shows the same notice for both anyway).
    access = result.ok ? "ok" : "forbidden";
  }
  return Response.json({ access }, { headers: { "Cache-Control": "no-store" } });
}
