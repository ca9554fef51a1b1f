import { expect, type Page } from "@playwright/test";

// For the specs of the verslag, the versions and the norms: a page that logs an error or
// has a request fail is a failed test, not only one that breaks the CSP.

/** Starts collecting the console errors, page errors and failed requests of `pages`. */
export function watchPageProblems(...pages: Page[]): { expectNone(): void } {
  const problems: string[] = [];
  for (const page of pages) {
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("requestfailed", (request) => {
      // A navigation away cancels the previous page's open requests: that is no failure.
      if (request.failure()?.errorText === "net::ERR_ABORTED") return;
      problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ""}`);
    });
    page.on("response", (response) => {
      if (response.status() >= 500) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
  }
  return {
    expectNone() {
      expect(problems).toEqual([]);
    },
  };
}

/** A screenshot of the whole page at one viewport size, into docs/screenshots/. */
export async function screenshotAt(page: Page, name: string, size: { width: number; height: number }): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize(size);
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `docs/screenshots/${name}-${size.width}.png`, fullPage: true });
  if (before) await page.setViewportSize(before);
}

/** The page does not scroll sideways: nothing is wider than the viewport. */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const { overflow, widest } = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    // The elements that stick out, innermost first, to name the culprit in the failure.
    const widest = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5)
      .filter((el) => ![...el.children].some((child) => child.getBoundingClientRect().right > width + 0.5))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} right=${Math.round(el.getBoundingClientRect().right)}`);
    return { overflow: document.documentElement.scrollWidth - width, widest };
  });
  expect(overflow, `the page scrolls sideways: ${widest.join("; ")}`).toBeLessThanOrEqual(0);
}
