/**
 * A TCP proxy to put between agents and the agent port, whose link a test can cut: TLS passes
 * through it untouched (agents still verify the agent port's certificate, which names 127.0.0.1).
 */
import { once } from "node:events";
import net from "node:net";

/** A running proxy. */
export interface TcpProxy {
  /** `https://127.0.0.1:<proxy port>`: what agents dial instead of the agent port. */
  url: string;
  /**
   * Cuts the link: every open connection is reset, and new ones are reset as soon as they are
   * accepted, as a firewall that drops the route would make them fail, until {@link restore}.
   */
  cut(): void;
  /** Lets connections through again. */
  restore(): void;
  /** Connections reset by cuts so far. */
  readonly resets: number;
  close(): Promise<void>;
}

/** Starts a proxy on a free loopback port in front of `target` (`https://host:port`). */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port } = new URL(target);
  const open = new Set<net.Socket>();
  let cut = false;
  let resets = 0;
  const server = net.createServer((client) => {
    if (cut) {
      resets++;
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
      // A reset on one side ends the other: nothing to report.
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    cut: () => {
      cut = true;
      for (const socket of open) {
        resets++;
        socket.resetAndDestroy();
      }
    },
    restore: () => {
      cut = false;
    },
    get resets() {
      return resets;
    },
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
