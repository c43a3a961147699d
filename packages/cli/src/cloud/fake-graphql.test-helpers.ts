import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** A GraphQL request as the fake API received it. */
export interface ReceivedRequest {
  authorization: string | undefined;
  query: string;
  variables: Record<string, unknown>;
}

/** What the fake answers to an operation: GraphQL `data`, or errors with a code. */
export type FakeAnswer = { data: unknown } | { errors: { message: string; extensions?: { code: string } }[] };

/**
 * A loopback HTTP server that speaks GraphQL's JSON protocol well enough for the CLI: each request
 * is answered by `answer`, chosen by the operation's text.
 */
export async function startFakeGraphql(answer: (request: ReceivedRequest) => FakeAnswer | undefined) {
  const received: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString() || "{}");
      const request = {
        authorization: req.headers.authorization,
        query: body.query,
        variables: body.variables ?? {},
      };
      received.push(request);
      const reply = req.url === "/graphql" ? answer(request) : undefined;
      res.writeHead(reply ? 200 : 404, { "content-type": "application/json" });
      res.end(JSON.stringify(reply ?? { errors: [{ message: `no route ${req.url}` }] }));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: async () => {
      if (!server.listening) return;
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}
