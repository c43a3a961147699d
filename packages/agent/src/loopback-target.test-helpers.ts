import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "@barrage/runner";

/** One request the target served. */
export interface Hit {
  path: string;
  query: URLSearchParams;
  atEpochMs: number;
}

/** A plain HTTP server on loopback for test scripts to load: answers 200 and records every request. */
export async function startTarget(): Promise<{ url: string; hits: Hit[]; close(): Promise<void> }> {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://target");
    hits.push({ path: url.pathname, query: url.searchParams, atEpochMs: Date.now() });
    res.end("ok");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: async () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** A logger that keeps its lines, for asserting what the agent said. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`INFO ${m}`),
    warn: (m) => lines.push(`WARN ${m}`),
    error: (m) => lines.push(`ERROR ${m}`),
  };
}
