import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import remixOptions from "./remix.config.js";

/**
 * The meeting route's editor (Tiptap + ProseMirror) and sync (Yjs) libraries in chunks of their
 * own, apart from Koers's workspace code: they change rarely, so a deploy does not make every
 * browser download them again, and the browser fetches the three in parallel. Only the meeting
 * page loads them (the workspace is imported lazily). Budget: the meeting page's JavaScript
 * ≤ 400 KB compressed (tests/e2e/hardening.spec.ts measures it).
 */
function vendorChunk(id: string): string | undefined {
  if (!id.includes("/node_modules/")) return undefined;
  // Not @tiptap/react: it imports React, and Rollup would pull React (which every page needs) into this chunk with it.
  if (/\/node_modules\/(@tiptap\/(?!react|y-tiptap)|prosemirror-|orderedmap|rope-sequence|w3c-keyname|linkifyjs)/.test(id)) return "editor-vendor";
  if (/\/node_modules\/(yjs|y-protocols|y-websocket|y-indexeddb|y-prosemirror|@tiptap\/y-tiptap|lib0)\//.test(id)) return "sync-vendor";
  return undefined;
}

export default defineConfig({
  plugins: [!process.env.VITEST && remix(remixOptions)],
  server: { port: 3000 },
  build: {
    chunkSizeWarningLimit: 800,
    rollupOptions: { output: { manualChunks: vendorChunk } },
  },
});
