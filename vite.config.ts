import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import remixOptions from "./remix.config.js";

export default defineConfig({
  plugins: [!process.env.VITEST && remix(remixOptions)],
  server: { port: 3000 },
  build: {
    // The meeting route carries Tiptap + Yjs (~570 kB); it is split into its own chunk.
    chunkSizeWarningLimit: 800,
  },
});
