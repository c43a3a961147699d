import { describe, expect, it } from "vitest";
import { createGraphQLClient, GraphQLRequestError, websocketUrl } from "./client.js";

function fakeFetch(
  status: number,
  body: unknown,
  seen: { url?: string; init?: RequestInit } = {},
): typeof fetch {
  return async (url, init) => {
    seen.url = String(url);
    seen.init = init;
    return new Response(typeof body === "string" ? body : JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json" },
    });
  };
}

describe("createGraphQLClient", () => {
  it("posts the operation with the token and answers its data", async () => {
    const seen: { url?: string; init?: RequestInit } = {};
    const client = createGraphQLClient({
      endpoint: "/graphql",
      token: "brg_secret",
      fetch: fakeFetch(200, { data: { viewer: { scopes: ["READ"] } } }, seen),
    });
    const data = await client.request<{ viewer: { scopes: string[] } }>(
      "query ($n: Int) { viewer { scopes } }",
      {
        n: 1,
      },
    );
    expect(data.viewer.scopes).toEqual(["READ"]);
    expect(seen.url).toBe("/graphql");
    expect(seen.init?.method).toBe("POST");
    expect(new Headers(seen.init?.headers).get("authorization")).toBe("Bearer brg_secret");
    expect(JSON.parse(String(seen.init?.body))).toEqual({
      query: "query ($n: Int) { viewer { scopes } }",
      variables: { n: 1 },
    });
  });

  it("throws the first GraphQL error with its code and field", async () => {
    const client = createGraphQLClient({
      endpoint: "/graphql",
      token: "brg_x",
      fetch: fakeFetch(200, {
        data: null,
        errors: [{ message: "name is taken", extensions: { code: "BAD_USER_INPUT", field: "input.name" } }],
      }),
    });
    const error = await client.request("mutation { x }").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLRequestError);
    expect(error).toMatchObject({ message: "name is taken", code: "BAD_USER_INPUT", field: "input.name" });
  });

  it("answers partial data with the errors of the fields that failed", async () => {
    const client = createGraphQLClient({
      endpoint: "/graphql",
      token: "brg_x",
      fetch: fakeFetch(200, {
        data: { testRun: { id: "1", stats: null } },
        errors: [
          {
            message: "the metric store does not answer",
            path: ["testRun", "stats"],
            extensions: { code: "INTERNAL_SERVER_ERROR" },
          },
        ],
      }),
    });
    const { data, errors } = await client.requestPartial<{ testRun: { id: string } }>(
      "{ testRun { id stats } }",
    );
    expect(data.testRun.id).toBe("1");
    expect(errors.map((e) => e.code)).toEqual(["INTERNAL_SERVER_ERROR"]);
    await expect(client.request("{ testRun { id stats } }")).rejects.toMatchObject({
      message: "the metric store does not answer",
    });
  });

  it("reads a refused token from a 401 answer's errors", async () => {
    const client = createGraphQLClient({
      endpoint: "/graphql",
      token: "brg_bad",
      fetch: fakeFetch(401, {
        errors: [{ message: "Invalid API token", extensions: { code: "UNAUTHENTICATED" } }],
      }),
    });
    await expect(client.request("{ viewer { scopes } }")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("names the endpoint when it cannot be reached or answers no GraphQL", async () => {
    const unreachable = createGraphQLClient({
      endpoint: "http://127.0.0.1:9/graphql",
      token: "brg_x",
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    await expect(unreachable.request("{ viewer { scopes } }")).rejects.toMatchObject({
      code: "NETWORK",
      message: "Cannot reach the API at http://127.0.0.1:9/graphql",
    });
    const html = createGraphQLClient({
      endpoint: "/graphql",
      token: "brg_x",
      fetch: fakeFetch(502, "<html>"),
    });
    await expect(html.request("{ viewer { scopes } }")).rejects.toMatchObject({ code: "HTTP_502" });
  });
});

describe("websocketUrl", () => {
  it("keeps host and path and switches to ws or wss", () => {
    expect(websocketUrl("/graphql", "http://127.0.0.1:4000/runs/1")).toBe("ws://127.0.0.1:4000/graphql");
    expect(websocketUrl("https://barrage.example/api/graphql", "http://localhost/")).toBe(
      "wss://barrage.example/api/graphql",
    );
  });
});
