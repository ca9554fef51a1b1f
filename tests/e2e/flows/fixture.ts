import { test as base, expect } from "@playwright/test";
import { ServerProcess } from "../../support/server-process";
import { cspViolations } from "./accounts";

/**
 * Every end-to-end test gets its own production server on a fresh SQLite file (`server`),
 * stopped afterwards; and fails if any page broke the Content-Security-Policy meanwhile.
 */
export const test = base.extend<{ server: ServerProcess }>({
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
});

export { expect };
