import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireSession } from "../auth/session.server";
import { exportAiosArchive } from "../reports/aios-archive.server";

/** All confirmed reports of the logged-in aios, for their portfolio: only their own. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  const archive = await exportAiosArchive(context.services, user.id);
  return new Response(archive.body, {
    headers: {
      "Content-Type": archive.contentType,
      "Content-Disposition": `attachment; filename="${archive.filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
