import { defineConfig } from "vitest/config";

// Two projects, one per database (tests/support/test-database.ts): `sqlite` runs every
// test on SQLite files in temp folders; `postgres` runs every test that touches a database
// again on a throwaway PostgreSQL server that its global setup starts (or KOERS_TEST_POSTGRES_URL).
// `npx vitest run` runs both; `--project sqlite` or `--project postgres` one of them.

/** Tests that open a database, directly or through a server: the ones that run on both. */
const DATABASE_TESTS = [
  "tests/integration/**/*.test.ts",
  "db/**/*.test.ts",
  "app/**/*.server.test.ts",
  "server/collab/write-queue.test.ts",
];

export default defineConfig({
  test: {
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start real servers and databases: one file at a time per worker is plenty.
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "sqlite",
          include: ["app/**/*.test.ts", "server/**/*.test.ts", "db/**/*.test.ts", "tests/integration/**/*.test.ts"],
          env: { KOERS_TEST_DATABASE: "sqlite" },
        },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: DATABASE_TESTS,
          env: { KOERS_TEST_DATABASE: "postgres" },
          globalSetup: ["tests/support/postgres-global-setup.ts"],
        },
      },
    ],
  },
});
