import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireSession } from "../auth/session.server";
import { buildExport } from "../account/export.server";
import { exportSlots } from "../account/export-slots.server";
import { createI18n } from "../i18n/i18n";

/**
 * GET /account/export: everything Koers keeps about the logged-in person, as one zip made as
 * it streams (only their own data: the session decides whose). `X-Export-Files` says how
 * many files it holds, for the account page's progress. One export at a time per person
 * (a second one meanwhile: 429), so nobody can keep the server busy with exports.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  const release = exportSlots.take(user.id);
  if (!release) throw new Response(createI18n("nl").t("yourData.export.busy"), { status: 429, headers: { "Retry-After": "30" } });
  let download;
  try {
    download = await buildExport(context.services, user.id);
  } catch (error) {
    release();
    throw error;
  }
  if (!download) {
    release();
    throw new Response("Niet gevonden", { status: 404 });
  }
  // The slot is free again when the stream ends, fails or the reader goes away.
  const reader = download.stream.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          release();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        release();
        controller.error(error);
      }
    },
    async cancel(reason) {
      release();
      await reader.cancel(reason);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${download.filename}"`,
      "X-Export-Files": String(download.fileCount),
      "Cache-Control": "private, no-store",
    },
  });
}
