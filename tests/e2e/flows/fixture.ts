import { test as base, expect, type Browser, type BrowserContext } from "@playwright/test";
import { ServerProcess } from "../../support/server-process";
import { cspViolations } from "./accounts";

/** What went wrong on a page while a test ran: a console error, an uncaught error, a failed request. */
export interface PageProblem {
  kind: "console" | "pageerror" | "requestfailed" | "response";
  text: string;
}

/**
 * The problems the test expects (a 404 it asks for, a server it restarts on purpose): each
 * `expect` names a pattern and why; a problem matching it does not fail the test.
 */
export interface PageProblems {
  expect(pattern: RegExp, why: string): void;
  /** Everything seen so far, expected or not (for tests that assert a problem did happen). */
  readonly seen: readonly PageProblem[];
}

/**
 * Every end-to-end test gets its own production server on a fresh SQLite file (`server`),
 * stopped afterwards; and fails if any page of any browser context it opened logged a
 * console error (a CSP violation, a React hydration error, anything), threw an uncaught
 * error, or had a request fail or answered with 4xx/5xx, unless the test said it expects
 * that problem (`pageProblems.expect`).
 */
export const test = base.extend<{ server: ServerProcess; pageProblems: PageProblems }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright's fixture signature
  server: async ({}, use) => {
    const server = await ServerProcess.start();
    try {
      await use(server);
    } finally {
      await server.stop();
    }
    expect(cspViolations.splice(0)).toEqual([]);
  },
  pageProblems: [
    async ({ browser, server }, use) => {
      const problems: PageProblem[] = [];
      const expected: Array<{ pattern: RegExp; why: string }> = [];
      const { stop, opened } = watchPageProblems(browser, server, (problem) => problems.push(problem));
      await use({
        expect: (pattern, why) => void expected.push({ pattern, why }),
        get seen() {
          return problems;
        },
      });
      // Stop listening before the contexts close and the server stops: what fails then is the test ending.
      stop();
      // Close what the test opened, so its pages do not keep reconnecting to a stopped server during later tests.
      await Promise.all(opened.map((context) => context.close().catch(() => {})));
      const unexpected = problems.filter((p) => !expected.some((e) => e.pattern.test(p.text)));
      expect(summarize(unexpected), "console errors, uncaught errors or failed requests on the pages").toEqual([]);
    },
    { auto: true },
  ],
});

/** One line per distinct problem, with how often it happened: a reconnect loop is one line, not a hundred. */
function summarize(problems: PageProblem[]): string[] {
  const counts = new Map<string, number>();
  for (const p of problems) counts.set(`${p.kind}: ${p.text}`, (counts.get(`${p.kind}: ${p.text}`) ?? 0) + 1);
  return [...counts].map(([line, n]) => (n > 1 ? `${n}× ${line}` : line));
}

/** Listens to every browser context opened from now until `stop` is called; `opened` lists them. */
function watchPageProblems(browser: Browser, server: ServerProcess, report: (problem: PageProblem) => void) {
  let watching = true;
  const opened: BrowserContext[] = [];
  const add = (problem: PageProblem) => {
    if (watching) report(problem);
  };
  const watch = (context: BrowserContext) => {
    opened.push(context);
    context.on("console", (message) => {
      if (message.type() !== "error") return;
      const where = message.location().url ? ` (${message.location().url})` : "";
      add({ kind: "console", text: `${message.text()}${where} on ${message.page()?.url() ?? "?"}` });
    });
    context.on("weberror", (error) => add({ kind: "pageerror", text: `${error.error().message} on ${error.page()?.url() ?? "?"}` }));
    context.on("requestfailed", (request) => {
      // Only requests to Koers itself; a page that navigates away cancels its own requests (ERR_ABORTED), which no user notices.
      if (!request.url().startsWith(server.url)) return;
      const failure = request.failure()?.errorText ?? "failed";
      if (failure === "net::ERR_ABORTED") return;
      add({ kind: "requestfailed", text: `${request.method()} ${request.url()}: ${failure}` });
    });
    context.on("response", (response) => {
      if (response.status() >= 400) add({ kind: "response", text: `${response.request().method()} ${response.url()}: ${response.status()}` });
    });
  };
  browser.on("context", watch);
  const stop = () => {
    watching = false;
    browser.off("context", watch);
  };
  return { stop, opened };
}

export { expect };
