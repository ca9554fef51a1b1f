import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Server as HttpServer } from "node:http";
import express, { type Express } from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import type { ViteDevServer } from "vite";
import type { AppServices } from "../app/services.server";

export type RemixMode = "development" | "production" | "none";

/**
 * Mounts the Remix app: Vite's middleware and on-demand build in development, the
 * built assets and server bundle in production. Returns a function that stops Vite.
 */
export async function mountRemix(
  app: Express,
  mode: RemixMode,
  httpServer: HttpServer,
  services: AppServices,
): Promise<() => Promise<void>> {
  if (mode === "none") return async () => {};
  const getLoadContext = (req: express.Request, res: express.Response) => ({
    services,
    cspNonce: res.locals.cspNonce as string | undefined,
    clientAddress: req.socket.remoteAddress,
  });

  if (mode === "development") {
    const vite: ViteDevServer = await import("vite").then((v) =>
      v.createServer({ server: { middlewareMode: true, hmr: { server: httpServer } }, appType: "custom" }),
    );
    app.use(vite.middlewares);
    app.all(
      "*",
      createRequestHandler({
        build: () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
        getLoadContext,
      }),
    );
    return () => vite.close();
  }

  const buildDir = path.resolve(process.env.KOERS_BUILD_DIR ?? "build");
  const build = (await import(pathToFileURL(path.join(buildDir, "server/index.js")).href)) as ServerBuild;
  // Fingerprinted assets may be cached for a year; everything else briefly.
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, getLoadContext }));
  return async () => {};
}
