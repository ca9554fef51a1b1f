// Kills a production server with SIGKILL while clients type, `rounds` times:
// `npm run test:crash -- [rounds] [seed] [--type-during-reconnect] [--postgres]`. Prints how many updates the server had sent to
// a client but lost; exits non-zero when any was lost or the clients did not converge.
// --postgres (or KOERS_TEST_DATABASE=postgres): the server runs on PostgreSQL, a throwaway
// server started here with its full durability (or yours: KOERS_TEST_POSTGRES_URL).
import { runCrashRounds } from "../tests/support/crash-round";
import { startPostgresCluster, type PostgresCluster } from "../tests/support/postgres-cluster";
import { dropTestDatabase, prepareTestDatabase } from "../tests/support/test-database";

// --type-during-reconnect: keep typing while reconnecting (the case that used to be cut off with 4400; now answered with a sync step 1).
const flags = process.argv.slice(2).filter((a) => a.startsWith("--"));
const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const rounds = Number(args[0] ?? 100);
const seed = Number(args[1] ?? Math.floor(Math.random() * 2 ** 31));
const typeDuringReconnect = flags.includes("--type-during-reconnect");
const onPostgres = flags.includes("--postgres") || process.env.KOERS_TEST_DATABASE === "postgres";
if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(seed) || flags.some((f) => f !== "--type-during-reconnect" && f !== "--postgres")) {
  console.error("usage: npx tsx scripts/crash.ts [rounds] [seed] [--type-during-reconnect] [--postgres]");
  process.exit(2);
}

let cluster: PostgresCluster | null = null;
let database: string | undefined;
if (onPostgres) {
  if (!process.env.KOERS_TEST_POSTGRES_URL) {
    cluster = await startPostgresCluster({ durable: true });
    process.env.KOERS_TEST_POSTGRES_URL = cluster.url;
  }
  const url = new URL(process.env.KOERS_TEST_POSTGRES_URL);
  url.pathname = `/koers_t_crash_${process.pid}`;
  database = url.toString();
  await prepareTestDatabase(database);
}

const started = Date.now();
console.log(`crash rounds: ${rounds}, seed ${seed}, database: ${onPostgres ? "PostgreSQL" : "SQLite"}`);
const result = await runCrashRounds({
  rounds,
  seed,
  database,
  typeDuringReconnect,
  onRound: (r) =>
    console.log(
      `  round ${String(r.round).padStart(3)}: ${r.clients} clients, kill after ${String(r.killAfterMs).padStart(3)} ms, ` +
        `typed ${r.typed}, received ${r.received} (echoed to sender ${r.echoed}), lost ${r.lost.length}` +
        (r.compacted ? ", file compacted" : "") +
        (r.failures.length ? `, FAILED` : "") +
        (process.env.CRASH_PHASES ? ` ${JSON.stringify(r.phases)}` : "") +
        (r.failures.length ? `\n${r.failures.join("\n")}` : ""),
    ),
});

const typed = result.rounds.reduce((n, r) => n + r.typed, 0);
console.log(`rounds: ${result.rounds.length}`);
console.log(`updates typed before the kills: ${typed}`);
console.log(`rounds killed after a compaction: ${result.rounds.filter((r) => r.compacted).length}`);
console.log(`updates checked (sent by the server to some client before the kill): ${result.updatesChecked}`);
console.log(`lost: ${result.lost}`);
console.log(`took ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const r of result.rounds) if (r.lost.length) console.log(`  round ${r.round} lost: ${r.lost.slice(0, 10).join(", ")}`);
if (result.failures.length) {
  console.log(`FAILED (seed ${seed}):`);
  for (const failure of result.failures) console.log(`  ${failure}`);
}
if (cluster) await cluster.stop();
else if (database) await dropTestDatabase(database);
process.exit(result.lost > 0 || result.failures.length ? 1 : 0);
