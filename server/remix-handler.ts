import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Server as HttpServer } from "node:http";
import express, { type Express, type Request as ExpressRequest, type RequestHandler, type Response as ExpressResponse } from "express";
import { createRequestHandler as createRemixHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type { ViteDevServer } from "vite";
import type { AppServices } from "../app/services.server";
import type { BufferedBody } from "./body-limit";

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
  // Browsers (and error pages without our <link rel="icon">) still ask for /favicon.ico.
  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
  const getLoadContext = (req: ExpressRequest, res: ExpressResponse): AppLoadContext => ({
    services,
    cspNonce: res.locals.cspNonce as string | undefined,
    clientAddress: req.socket.remoteAddress,
  });

  if (mode === "development") {
    const vite: ViteDevServer = await import("vite").then((v) =>
      v.createServer({ server: { middlewareMode: true, hmr: { server: httpServer } }, appType: "custom" }),
    );
    app.use(vite.middlewares);
    app.all("*", remixRequestHandler(() => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>, getLoadContext));
    return () => vite.close();
  }

  const buildDir = path.resolve(process.env.KOERS_BUILD_DIR ?? "build");
  const build = (await import(pathToFileURL(path.join(buildDir, "server/index.js")).href)) as ServerBuild;
  // Fingerprinted assets may be cached for a year; everything else briefly.
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
  app.all("*", remixRequestHandler(build, getLoadContext));
  return async () => {};
}

/**
 * Remix for express, reading the body that `limitRequestBodies` already read and bounded
 * (server/body-limit.ts) instead of the socket: no route can read more than that limit.
 * Otherwise as @remix-run/express does it: the URL from Host, the response streamed back,
 * the loader or action aborted when the browser goes away first.
 */
function remixRequestHandler(
  build: ServerBuild | (() => Promise<ServerBuild>),
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext,
): RequestHandler {
  const handle = createRemixHandler(build, process.env.NODE_ENV);
  return async (req, res, next) => {
    try {
      const controller = new AbortController();
      let finished = false;
      res.on("finish", () => (finished = true));
      res.on("close", () => finished || controller.abort());
      const response = await handle(remixRequest(req, controller.signal), getLoadContext(req, res));
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) res.append(key, value);
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}

function remixRequest(req: ExpressRequest, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else if (values !== undefined) headers.set(key, values);
  }
  // Concatenated, not resolved: a path such as //other.example must stay a path on this host.
  const url = new URL(`${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`);
  const buffered = (req as ExpressRequest & BufferedBody).bodyBuffer;
  const body = req.method === "GET" || req.method === "HEAD" || !buffered ? undefined : new Uint8Array(buffered);
  return new Request(url.href, { method: req.method, headers, signal, body });
}
