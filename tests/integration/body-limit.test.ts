import { afterEach, describe, expect, it } from "vitest";
import { startPageServer } from "../support/test-server";
import { bigPost } from "../support/big-post";
import { postForm } from "../support/http-session";
import type { KoersServer } from "../../server/koers-server";
import { nl } from "../../app/i18n/nl";
import { en } from "../../app/i18n/en";
import { MAX_BODY_BYTES } from "../../server/body-limit";

// Issue #13.1: four anonymous 200 MB POSTs took the server to 3.7 GB and stalled /healthz
// for 39 s. Bodies are now read (and bounded) before Remix sees them.

let server: KoersServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const MB = 1024 * 1024;

describe("request bodies are limited before Remix reads them", () => {
  it("answers an oversized form with 413 and a Dutch page (English with the language cookie)", async () => {
    server = await startPageServer();
    const declared = await bigPost(`${server.url}/login`, { totalBytes: 2 * MB, declared: true });
    expect(declared.status).toBe(413);
    expect(declared.body).toContain(nl.safety.tooLarge.title);
    expect(declared.body).toContain('lang="nl"');

    const english = await bigPost(`${server.url}/login`, { totalBytes: 2 * MB, declared: true, cookie: "koers_lang=en" });
    expect(english.status).toBe(413);
    expect(english.body).toContain(en.safety.tooLarge.title);
  });

  it("stops a streamed body without Content-Length once it passes the limit, without reading the rest", async () => {
    server = await startPageServer();
    const streamed = await bigPost(`${server.url}/signup`, { totalBytes: 50 * MB, declared: false });
    expect(streamed.status).toBe(413);
    expect(streamed.body).toContain(nl.safety.tooLarge.title);
    // The server closed the connection long before 50 MB went through.
    expect(streamed.bytesWritten).toBeLessThan(20 * MB);
  });

  it("still takes a form just under the limit, and ordinary forms as before", async () => {
    server = await startPageServer();
    const justUnder = await postForm(server, "/login", { email: "iemand@praktijk.nl", password: "x", filler: "a".repeat(MAX_BODY_BYTES - 200) });
    expect(justUnder.status).toBe(200);
    const login = await postForm(server, "/login", { email: "iemand@praktijk.nl", password: "fout-wachtwoord" });
    expect(login.status).toBe(200);
    expect(await login.text()).toContain("horen niet bij elkaar");
  });

  it("keeps /healthz answering within 500 ms while four 200 MB POSTs arrive, and memory stays flat", async () => {
    server = await startPageServer();
    const url = server.url;
    const rssBefore = process.memoryUsage().rss;
    let slowest = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const started = performance.now();
        expect((await fetch(`${url}/healthz`)).status).toBe(200);
        slowest = Math.max(slowest, performance.now() - started);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const posts = await Promise.all([
      bigPost(`${url}/login`, { totalBytes: 200 * MB, declared: true }),
      bigPost(`${url}/login`, { totalBytes: 200 * MB, declared: true }),
      bigPost(`${url}/login`, { totalBytes: 200 * MB, declared: false }),
      bigPost(`${url}/signup`, { totalBytes: 200 * MB, declared: false }),
    ]);
    polling = false;
    await poll;
    for (const post of posts) expect(post.status === 413 || post.status === 0).toBe(true);
    expect(posts.filter((p) => p.status === 413).length).toBeGreaterThanOrEqual(2);
    expect(slowest).toBeLessThan(500);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * MB);
  });
});
