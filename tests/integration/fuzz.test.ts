import { describe, expect, it } from "vitest";
import { runFuzzScenario } from "../support/fuzz-scenario";

// FUZZ_SEED=<n> reproduces a failing run; otherwise every run tries a new seed.
const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe("fuzzing /yjs with broken messages", () => {
  it("keeps serving, keeps normal clients in sync and changes no stored document", async () => {
    const result = await runFuzzScenario({ count: 3000, seed });
    expect(result.failures, `fuzz seed ${seed} (rerun with FUZZ_SEED=${seed})`).toEqual([]);
    // The fuzzer really reached the server's refusal paths.
    expect(result.closedByServer, `fuzz seed ${seed}`).toBeGreaterThan(100);
  });
});
