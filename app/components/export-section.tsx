import { useEffect, useRef, useState, type MouseEvent } from "react";
import { useTranslation } from "react-i18next";
import { ZipEntryCounter } from "../account/zip-entry-counter";

type ExportState =
  | { kind: "idle" }
  | { kind: "running"; total: number | null; done: number; bytes: number; current: string | null }
  | { kind: "done"; count: number; bytes: number; url: string; filename: string; saved: boolean }
  | { kind: "failed"; message: string | null };

/**
 * "Je gegevens meenemen": the export as a link (works without JavaScript: the browser
 * downloads the zip), and with JavaScript a fetch that reads the zip as it streams and shows
 * which file the server is at, out of the number it announced; then saves it.
 */
export function ExportSection({ isAios }: { isAios: boolean }) {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<ExportState>({ kind: "idle" });
  const saveLink = useRef<HTMLAnchorElement>(null);
  // Saved once at the end, through the link that stays for a second download.
  useEffect(() => {
    if (state.kind !== "done" || state.saved) return;
    saveLink.current?.click();
    setState({ ...state, saved: true });
  }, [state]);

  async function start(event: MouseEvent<HTMLAnchorElement>) {
    if (typeof ReadableStream === "undefined") return; // the plain download
    event.preventDefault();
    if (state.kind === "running") return;
    if (state.kind === "done") URL.revokeObjectURL(state.url);
    setState({ kind: "running", total: null, done: 0, bytes: 0, current: null });
    try {
      const response = await fetch("/account/export", { credentials: "same-origin" });
      if (!response.ok || !response.body) {
        setState({ kind: "failed", message: response.status === 429 ? await response.text() : null });
        return;
      }
      const total = Number(response.headers.get("X-Export-Files")) || null;
      const filename = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "koers-export.zip";
      const counter = new ZipEntryCounter();
      const chunks: Uint8Array[] = [];
      let bytes = 0;
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.length;
        const count = counter.push(value);
        setState({ kind: "running", total, done: count, bytes, current: counter.names.at(-1) ?? null });
      }
      const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: "application/zip" }));
      setState({ kind: "done", count: counter.names.length, bytes, url, filename, saved: false });
    } catch {
      setState({ kind: "failed", message: null });
    }
  }

  const number = new Intl.NumberFormat(i18n.language === "en" ? "en-GB" : "nl-NL", { maximumFractionDigits: 1 });
  const size = (bytes: number) => (bytes < 1024 * 1024 ? `${number.format(Math.max(1, Math.round(bytes / 1024)))} kB` : `${number.format(bytes / 1024 / 1024)} MB`);
  return (
    <section className="card stack" aria-labelledby="export-title" data-testid="export-section">
      <h2 id="export-title">{t("yourData.export.title")}</h2>
      <p className="muted small">{t("yourData.export.intro")}</p>
      {isAios ? <p className="muted small">{t("yourData.export.introAios")}</p> : null}
      <p className="row">
        <a className="button" href="/account/export" download onClick={start} aria-disabled={state.kind === "running"} data-testid="export-start">
          {t("yourData.export.button")}
        </a>
      </p>
      <div role="status" aria-live="polite" data-testid="export-status">
        {state.kind === "running" ? (
          <div className="stack">
            <p>{t("yourData.export.preparing")}</p>
            <progress max={state.total ?? undefined} value={state.total ? state.done : undefined} aria-label={t("yourData.export.preparing")} />
            <p className="muted small">
              {state.total ? t("yourData.export.progress", { done: state.done, total: state.total }) : null}
              {state.current ? ` · ${state.current}` : null} · {t("yourData.export.received", { size: size(state.bytes) })}
            </p>
          </div>
        ) : state.kind === "done" ? (
          <p className="notice">
            {t("yourData.export.done", { count: state.count, size: size(state.bytes) })}{" "}
            <a ref={saveLink} href={state.url} download={state.filename} data-testid="export-save">
              {t("yourData.export.again")}
            </a>
          </p>
        ) : state.kind === "failed" ? (
          <p className="error">{state.message ?? t("yourData.export.failed")}</p>
        ) : null}
      </div>
    </section>
  );
}
