import { execFileSync, spawn } from "node:child_process";
import net from "node:net";
import { freePort } from "./free-port";

// A throwaway Redis for tests: Debian's `redis-server` on a free port, nothing saved to
// disk. KOERS_TEST_REDIS_URL points the tests at a server of your own instead.

export const REDIS_MISSING =
  "Redis is needed for these tests and `redis-server` was not found.\n" +
  "  On Debian/Ubuntu:  sudo apt-get install -y redis-server   (the tests start their own throwaway server)\n" +
  "  Elsewhere:         put redis-server on PATH, or set KOERS_TEST_REDIS_URL=redis://host:port";

/** Whether `redis-server` is on PATH. */
export function hasRedisServer(): boolean {
  try {
    execFileSync("sh", ["-c", "command -v redis-server"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export interface RedisServer {
  url: string;
  port: number;
  /** The redis-server process (the benchmark pins it to the servers' core). */
  pid: number;
  stop(): Promise<void>;
}

/** Starts redis-server on a free port (no persistence) and waits until it answers PING. */
export async function startRedisServer(): Promise<RedisServer> {
  if (!hasRedisServer()) throw new Error(REDIS_MISSING);
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (c: Buffer) => (log += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (log += c.toString()));
  const deadline = Date.now() + 15_000;
  while (!(await answersPing(port))) {
    if (child.exitCode !== null) throw new Error(`redis-server exited at start:\n${log}`);
    if (Date.now() > deadline) throw new Error(`redis-server did not answer within 15 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("error", () => resolve(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
  });
}
