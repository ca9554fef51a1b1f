// Fuzzes a real Koers server at scale: `npx tsx scripts/fuzz.ts [count] [seed]`.
// Prints messages per kind of mutation, connections the server closed, and whether the
// normal clients stayed correct; exits non-zero on any failure.
import { runFuzzScenario } from "../tests/support/fuzz-scenario";

// The server warns once per refused message; a million lines would bury the summary. Errors still print.
console.warn = () => {};

const count = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? Math.floor(Math.random() * 2 ** 31));
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
  console.error("usage: npx tsx scripts/fuzz.ts [count] [seed]");
  process.exit(2);
}

const started = Date.now();
console.log(`fuzzing with ${count} messages, seed ${seed}`);
const result = await runFuzzScenario({
  count,
  seed,
  onProgress: (sent) => sent % 100_000 === 0 && console.log(`  ${sent} sent (${((Date.now() - started) / 1000).toFixed(0)} s)`),
}).catch((error: unknown) => ({ failures: [`the run itself failed: ${String(error)}`], perKind: new Map<string, number>(), closedByServer: 0, hangs: 0, unexpectedErrors: 0 }));

console.log("messages per kind:");
for (const [kind, n] of [...result.perKind].sort(([a], [b]) => a.localeCompare(b))) console.log(`  ${kind.padEnd(24)} ${n}`);
console.log(`connections closed by the server: ${result.closedByServer}`);
console.log(`messages without answer or close: ${result.hangs}`);
console.log(`messages that passed validation but failed to apply: ${result.unexpectedErrors}`);
console.log(`took ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (result.failures.length) {
  console.log(`FAILED (seed ${seed}):`);
  for (const failure of result.failures) console.log(`  ${failure}`);
  process.exit(1);
}
console.log("normal clients stayed correct; stored documents unchanged");
process.exit(0);
