import * as Y from "yjs";
import { MeetingField } from "../../app/collab/protocol";
import { paragraph, pause, provider } from "./actors";

// What `npm run abuse` measures while each abuse runs: /healthz latency (polled every 50 ms)
// and the round trip of a member's edits (a paragraph every 100 ms in one tab, seen in another
// tab of the same member through the server), and whether every edit the member made is there.

export interface Stats {
  p50: number;
  max: number;
  count: number;
}

export function stats(samples: number[]): Stats {
  if (samples.length === 0) return { p50: NaN, max: NaN, count: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: sorted[Math.floor(sorted.length / 2)]!, max: sorted.at(-1)!, count: samples.length };
}

/** Polls /healthz; a failed or timed-out request counts as its full wait. */
export class HealthMonitor {
  private samples: number[] = [];
  private failures = 0;
  private running = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(private readonly baseUrl: string) {}

  start(): void {
    this.samples = [];
    this.failures = 0;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const started = performance.now();
        try {
          const res = await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(10_000) });
          await res.arrayBuffer();
          if (!res.ok) this.failures++;
        } catch {
          this.failures++;
        }
        this.samples.push(performance.now() - started);
        await pause(50);
      }
    })();
  }

  async stop(): Promise<{ latency: Stats; failures: number }> {
    this.running = false;
    await this.loop;
    return { latency: stats(this.samples), failures: this.failures };
  }
}

/**
 * A member editing the meeting's notes in one tab (a paragraph "probe-N" every 100 ms) while a
 * second tab of the same member watches: the time from typing to seeing it is the round trip.
 */
export class EditProbe {
  private writer!: ReturnType<typeof provider>;
  private reader!: ReturnType<typeof provider>;
  private readonly sentAt = new Map<number, number>();
  private readonly seen = new Set<number>();
  private samples: number[] = [];
  private next = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Close codes the server sent the member's tabs during the phase. */
  private closes: number[] = [];
  /** The first edit of this phase: earlier ones that arrive late belong to the phase that held them up. */
  private firstOfPhase = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly docName: string,
    private readonly cookie: string,
  ) {}

  async open(): Promise<void> {
    this.writer = provider(this.baseUrl, this.docName, this.cookie);
    this.reader = provider(this.baseUrl, this.docName, this.cookie);
    await Promise.all([this.writer.synced, this.reader.synced]);
    for (const side of [this.writer, this.reader]) {
      side.provider.on("connection-close", (event: CloseEvent | null) => this.closes.push(event?.code ?? 0));
    }
    this.reader.doc.getXmlFragment(MeetingField.notes).observeDeep((events) => {
      const now = performance.now();
      for (const event of events) {
        for (const change of event.changes.delta) {
          if (!Array.isArray(change.insert)) continue;
          for (const inserted of change.insert) {
            const match = /probe-(\d+)/.exec(inserted instanceof Y.XmlElement ? inserted.toString() : String(inserted));
            const n = match ? Number(match[1]) : NaN;
            if (!Number.isNaN(n) && !this.seen.has(n)) {
              this.seen.add(n);
              const sent = this.sentAt.get(n);
              if (sent !== undefined && n >= this.firstOfPhase) this.samples.push(now - sent);
            }
          }
        }
      }
    });
  }

  /**
   * Starts typing (a paragraph every 100 ms) and forgets the samples of the previous phase. A tab
   * the server closed for good in an earlier phase (a 44xx code) is reconnected first, as a
   * person reloads the page: what it typed meanwhile is sent then, and counts as lost only if
   * it never arrives.
   */
  async start(): Promise<void> {
    this.samples = [];
    this.closes = [];
    this.firstOfPhase = this.next;
    const closed = [this.writer, this.reader].filter((side) => !side.provider.wsconnected);
    for (const side of closed) side.provider.connect();
    if (closed.length) await Promise.race([Promise.all(closed.map((side) => new Promise((r) => side.provider.once("sync", r)))), pause(5000)]);
    this.timer = setInterval(() => {
      const n = this.next++;
      this.sentAt.set(n, performance.now());
      this.writer.doc.getXmlFragment(MeetingField.notes).push([paragraph(`probe-${n}`)]);
    }, 100);
  }

  /** Stops typing; waits (up to `settleMs`) for the other tab to see everything typed; returns the round trips and how many edits never arrived. */
  async stop(settleMs = 5000): Promise<{ roundTrip: Stats; missing: number; closedWith: number[] }> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const deadline = performance.now() + settleMs;
    while (this.seen.size < this.next && performance.now() < deadline) await pause(50);
    return { roundTrip: stats(this.samples), missing: this.next - this.seen.size, closedWith: this.closes };
  }

  /** How many of the member's edits a fresh tab finds on the server now (everything typed so far must be there). */
  async storedOnServer(): Promise<{ typed: number; stored: number }> {
    const fresh = provider(this.baseUrl, this.docName, this.cookie);
    await Promise.race([fresh.synced, pause(10_000)]);
    const text = fresh.doc.getXmlFragment(MeetingField.notes).toString();
    const stored = new Set([...text.matchAll(/probe-(\d+)/g)].map((m) => Number(m[1]))).size;
    fresh.provider.destroy();
    fresh.doc.destroy();
    return { typed: this.next, stored };
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    for (const side of [this.writer, this.reader]) {
      side?.provider.destroy();
      side?.doc.destroy();
    }
  }
}
