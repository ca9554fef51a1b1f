import { describe, expect, it } from "vitest";
import { MessageRate } from "./message-rate";

describe("MessageRate", () => {
  it("allows the burst at once, then refills at the steady rate", () => {
    let now = 0;
    const rate = new MessageRate({ burst: 200, perSecond: 100 }, () => now);
    for (let i = 0; i < 200; i++) expect(rate.take()).toBe(true);
    expect(rate.take()).toBe(false);
    now += 10; // 10 ms → one message
    expect(rate.take()).toBe(true);
    expect(rate.take()).toBe(false);
    now += 60_000; // a long pause refills no more than the burst
    let allowed = 0;
    while (rate.take()) allowed++;
    expect(allowed).toBe(200);
  });

  it("never stops a client that stays at the steady rate", () => {
    let now = 0;
    const rate = new MessageRate({ burst: 200, perSecond: 100 }, () => now);
    // 70 messages a second (fast typing with caret updates) for ten minutes.
    for (let i = 0; i < 70 * 600; i++) {
      now += 1000 / 70;
      expect(rate.take()).toBe(true);
    }
  });
});
