import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { buildSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { createSubscriptions } from "./subscriptions.js";

// A real graphql-ws server on loopback: the client must send the token in connectionParams,
// get every update, and hear the end and the API's errors with their codes.
const schema = buildSchema(`
  type Query { ok: Boolean }
  type Subscription { countdown(from: Int!): Int! }
`);

let server: Server;
let url: string;
const seenAuthorizations: unknown[] = [];

beforeAll(async () => {
  server = createServer();
  const wss = new WebSocketServer({ server, path: "/graphql" });
  useServer(
    {
      schema,
      onConnect: (ctx) => {
        seenAuthorizations.push(ctx.connectionParams?.authorization);
        return ctx.connectionParams?.authorization === "Bearer brg_good";
      },
      roots: {
        subscription: {
          countdown: async function* ({ from }: { from: number }) {
            if (from < 0) {
              const error = Object.assign(new Error("from must be 0 or more"), {
                extensions: { code: "BAD_USER_INPUT", field: "from" },
              });
              throw error;
            }
            for (let i = from; i >= 0; i--) yield { countdown: i };
          },
        },
      },
    },
    wss,
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

function collect(token: string, from: number) {
  const subscriptions = createSubscriptions({ url, token, webSocketImpl: WebSocket });
  const values: number[] = [];
  return new Promise<{ values: number[]; error?: { code: string; message: string } }>((resolve) => {
    subscriptions.subscribe<{ countdown: number }>(
      "subscription ($from: Int!) { countdown(from: $from) }",
      { from },
      {
        next: (data) => values.push(data.countdown),
        error: (error) => {
          subscriptions.dispose();
          resolve({ values, error: { code: error.code, message: error.message } });
        },
        complete: () => {
          subscriptions.dispose();
          resolve({ values });
        },
      },
    );
  });
}

describe("createSubscriptions", () => {
  it("authenticates with connectionParams and delivers every update, then the end", async () => {
    expect(await collect("brg_good", 3)).toEqual({ values: [3, 2, 1, 0] });
    expect(seenAuthorizations).toContain("Bearer brg_good");
  });

  it("reports a refused token as UNAUTHENTICATED", async () => {
    const { error } = await collect("brg_bad", 3);
    expect(error?.code).toBe("UNAUTHENTICATED");
  });

  it("hands on the API's errors with their codes", async () => {
    const { values, error } = await collect("brg_good", -1);
    expect(values).toEqual([]);
    expect(error).toEqual({ code: "BAD_USER_INPUT", message: "from must be 0 or more" });
  });
});
