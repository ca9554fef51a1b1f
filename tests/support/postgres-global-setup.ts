import crypto from "node:crypto";
import pg from "pg";
import { openDatabase } from "../../db/database";
import { startPostgresCluster, type PostgresCluster } from "./postgres-cluster";
import { TEMPLATE_DATABASE_ENV } from "./test-database";

// Vitest's global setup of the `postgres` project (vitest.config.ts): one throwaway
// PostgreSQL server for the whole run (or yours, KOERS_TEST_POSTGRES_URL), and one
// migrated template database that every test database is copied from. What it sets in
// process.env reaches the test workers, which start after it.

let cluster: PostgresCluster | null = null;

export async function setup(): Promise<void> {
  const run = crypto.randomBytes(4).toString("hex");
  process.env.KOERS_TEST_RUN = run;
  if (!process.env.KOERS_TEST_POSTGRES_URL) {
    cluster = await startPostgresCluster();
    process.env.KOERS_TEST_POSTGRES_URL = cluster.url;
  }
  const template = `koers_t_${run}_template`;
  const admin = new pg.Client({ connectionString: process.env.KOERS_TEST_POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`create database "${template}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(process.env.KOERS_TEST_POSTGRES_URL);
  url.pathname = `/${template}`;
  const database = await openDatabase(url.toString());
  await database.close();
  process.env[TEMPLATE_DATABASE_ENV] = template;
}

export async function teardown(): Promise<void> {
  if (cluster) {
    await cluster.stop();
    return;
  }
  // A server of your own: this run's databases are dropped again.
  const admin = new pg.Client({ connectionString: process.env.KOERS_TEST_POSTGRES_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>("select datname from pg_database where datname like $1", [`koers\\_t\\_${process.env.KOERS_TEST_RUN}\\_%`]);
    for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await admin.end();
  }
}
