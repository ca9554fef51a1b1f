import net from "node:net";
import type { AddressInfo } from "node:net";

// A load balancer for tests, in the shape of the nginx one in deploy/ (round robin, the next
// upstream when one refuses the connection, websockets passed through untouched): TCP in,
// TCP out, so HTTP, /yjs and socket.io all pass as they would behind nginx.

export interface TcpBalancer {
  port: number;
  url: string;
  /** Open client connections per backend, in the order the backends were given. */
  openPerBackend(): number[];
  close(): Promise<void>;
}

/** Listens on a free port and spreads connections over `backends` (ports on 127.0.0.1) in turn, skipping any that refuse. */
export async function startTcpBalancer(backends: number[]): Promise<TcpBalancer> {
  let next = 0;
  const open = backends.map(() => new Set<net.Socket>());
  const server = net.createServer((client) => {
    client.pause();
    const tryBackend = (attempt: number) => {
      if (attempt >= backends.length) return client.destroy();
      const index = (next + attempt) % backends.length;
      const upstream = net.connect(backends[index]!, "127.0.0.1");
      // Refused before it connected (the instance is down): the next one, as nginx's proxy_next_upstream does.
      const refused = () => {
        upstream.destroy();
        tryBackend(attempt + 1);
      };
      upstream.once("error", refused);
      upstream.once("connect", () => {
        upstream.off("error", refused);
        next = (index + 1) % backends.length;
        open[index]!.add(client);
        const drop = () => {
          open[index]!.delete(client);
          client.destroy();
          upstream.destroy();
        };
        client.on("error", drop).on("close", drop);
        upstream.on("error", drop).on("close", drop);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryBackend(0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    openPerBackend: () => open.map((set) => set.size),
    close: () =>
      new Promise<void>((resolve) => {
        for (const set of open) for (const socket of set) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
