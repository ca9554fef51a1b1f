import { afterEach, describe, expect, it } from "vitest";
import http from "node:http";
import { startPageServer } from "../support/test-server";
import type { KoersServer } from "../../server/koers-server";

// Issue #12.13: HTML, JS and CSS went out uncompressed (the meeting route: 1.05 MB of JS).

let server: KoersServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** GET with an Accept-Encoding header; Node's fetch would decode (and hide) the encoding. */
function rawGet(url: string, acceptEncoding: string): Promise<{ status: number; encoding: string | undefined; bytes: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { "Accept-Encoding": acceptEncoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, encoding: res.headers["content-encoding"], bytes: body.length, body });
        });
      })
      .on("error", reject);
  });
}

describe("responses are compressed", () => {
  it("sends pages, scripts and styles with brotli or gzip, whichever the browser offers", async () => {
    server = await startPageServer();
    const page = await rawGet(`${server.url}/login`, "gzip, deflate, br");
    expect(page.status).toBe(200);
    expect(page.encoding).toBe("br");
    const html = (await fetch(`${server.url}/login`)).headers;
    expect(html.get("content-type")).toContain("text/html");

    const text = await (await fetch(`${server.url}/login`)).text();
    const script = /\/assets\/[^"]+\.js/.exec(text)?.[0];
    const style = /\/assets\/[^"]+\.css/.exec(text)?.[0];
    expect(script && style).toBeTruthy();
    const js = await rawGet(`${server.url}${script}`, "gzip");
    expect(js.encoding).toBe("gzip");
    const css = await rawGet(`${server.url}${style}`, "gzip");
    expect(css.encoding).toBe("gzip");
    const plainCss = await rawGet(`${server.url}${style}`, "identity");
    expect(plainCss.encoding).toBeUndefined();
    expect(css.bytes).toBeLessThan(plainCss.bytes / 2);
  });
});
