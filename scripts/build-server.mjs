// Bundles server/index.ts (and the app/db code it imports) into dist/server.js.
// Packages stay external: they are installed by npm next to it.
import { build } from "esbuild";

await build({
  entryPoints: ["server/index.ts"],
  outfile: "dist/server.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
console.log("server bundled: dist/server.js");
